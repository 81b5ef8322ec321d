//! The laptop's network interfaces, for the organiser to pick the one the
//! hall's Wi-Fi is on.

use std::net::IpAddr;

use serde::Serialize;

/// One interface with its addresses (loopback and link-local left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interface {
    pub name: String,
    pub addresses: Vec<IpAddr>,
}

fn usable(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_link_local() && !v4.is_unspecified(),
        // Phones open IPv4 addresses from a QR most reliably; IPv6 only
        // when it is not link-local (which needs a zone in the URL).
        IpAddr::V6(v6) => !v6.is_loopback() && !v6.is_unspecified() && (v6.segments()[0] & 0xffc0) != 0xfe80,
    }
}

/// The interfaces a phone on the hall network could reach, IPv4 first.
pub fn interfaces() -> Vec<Interface> {
    let mut out: Vec<Interface> = Vec::new();
    for iface in if_addrs::get_if_addrs().unwrap_or_default() {
        let ip = iface.ip();
        if !usable(&ip) {
            continue;
        }
        match out.iter_mut().find(|i| i.name == iface.name) {
            Some(i) => i.addresses.push(ip),
            None => out.push(Interface {
                name: iface.name.clone(),
                addresses: vec![ip],
            }),
        }
    }
    for i in &mut out {
        i.addresses.sort_by_key(|a| a.is_ipv6());
    }
    out.sort_by_key(|i| i.addresses.first().is_none_or(|a| a.is_ipv6()));
    out
}
