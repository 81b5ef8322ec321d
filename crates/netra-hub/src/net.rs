//! The laptop's network interfaces, for the organiser to pick the one the
//! hall's Wi-Fi is on.

use std::net::IpAddr;

use netra_core::hall::wire::NetworkInterface;

fn usable(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !v4.is_link_local() && !v4.is_unspecified(),
        // Phones open IPv4 addresses from a QR most reliably; IPv6 only
        // when it is not link-local (which needs a zone in the URL).
        IpAddr::V6(v6) => !v6.is_unspecified() && (v6.segments()[0] & 0xffc0) != 0xfe80,
    }
}

/// The interfaces a phone on the hall network could reach, IPv4 first,
/// loopback (this laptop only) last.
pub fn interfaces() -> Vec<NetworkInterface> {
    let mut found: Vec<(NetworkInterface, Vec<IpAddr>)> = Vec::new();
    for iface in if_addrs::get_if_addrs().unwrap_or_default() {
        let ip = iface.ip();
        if !usable(&ip) {
            continue;
        }
        match found.iter_mut().find(|(i, _)| i.name == iface.name) {
            Some((_, ips)) => ips.push(ip),
            None => found.push((
                NetworkInterface {
                    name: iface.name.clone(),
                    addresses: Vec::new(),
                    loopback: ip.is_loopback(),
                },
                vec![ip],
            )),
        }
    }
    let mut out: Vec<NetworkInterface> = found
        .into_iter()
        .map(|(mut i, mut ips)| {
            ips.sort_by_key(|a| a.is_ipv6());
            i.addresses = ips.iter().map(ToString::to_string).collect();
            i
        })
        .collect();
    out.sort_by_key(|i| {
        (
            i.loopback,
            i.addresses.first().is_none_or(|a| a.contains(':')),
        )
    });
    out
}

/// The first address another device could reach, for a wildcard listen.
pub fn first_lan_address() -> Option<IpAddr> {
    interfaces()
        .into_iter()
        .filter(|i| !i.loopback)
        .find_map(|i| i.addresses.first().and_then(|a| a.parse().ok()))
}
