// What a tablet or phone keeps between page loads: the HubLogin the hub
// gave for the token in the QR code. The QR's token comes in the URL's
// fragment (#pair=… or #phone=…), which the browser never sends to a
// server; it is taken out of the address bar at once.
import type { HubLogin } from "../lib/bindings/HubLogin";

export const STORAGE_KEY = "netra.hub.login";

/** A token from a QR code: `#pair=TOKEN` (a tablet) or `#phone=TOKEN`. */
export type Invite = { kind: "pair" | "phone"; token: string };

export function parseInvite(hash: string): Invite | null {
  const m = /^#?(pair|phone)=([A-Za-z0-9_-]{8,128})$/.exec(hash.trim());
  return m ? { kind: m[1] as Invite["kind"], token: m[2] } : null;
}

/** The fragment's token, if any; the address bar no longer shows it. */
export function takeInvite(loc: Location = location, hist: History = history): Invite | null {
  if (!loc.hash) return null;
  const invite = parseInvite(loc.hash);
  hist.replaceState(null, "", loc.pathname + loc.search);
  return invite;
}

function isLogin(v: unknown): v is HubLogin {
  if (typeof v !== "object" || v === null) return false;
  const l = v as Record<string, unknown>;
  return (
    (l.mode === "device" || l.mode === "phone") &&
    typeof l.token === "string" &&
    l.token.startsWith(`${l.mode}.`)
  );
}

// Private browsing may refuse localStorage: the page then works until it
// is closed.
let memory: HubLogin | null = null;

export function loadLogin(storage: Storage | null = safeStorage()): HubLogin | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (raw) {
      const v: unknown = JSON.parse(raw);
      if (isLogin(v)) return v;
    }
  } catch {
    // unreadable: as if nothing were stored
  }
  return memory;
}

export function saveLogin(login: HubLogin, storage: Storage | null = safeStorage()) {
  memory = login;
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(login));
  } catch {
    // kept in memory only
  }
}

export function forgetLogin(storage: Storage | null = safeStorage()) {
  memory = null;
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
