/// <reference types="node" />
// One command list: src-tauri/commands/list.rs names every command once.
// This test holds the capabilities (who may call what) and the TypeScript
// callers (what is called) to that list, so a command added, renamed or
// removed in one place and not the others fails here, not in the field.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const repo = new URL("../../../", import.meta.url);
const listFile = new URL("src-tauri/commands/list.rs", repo);
const capabilitiesDir = new URL("src-tauri/capabilities/", repo);
const uiSrc = new URL("../", import.meta.url);

/** The command names inside `with_commands!`, in order. */
function listedCommands(): string[] {
  const text = readFileSync(listFile, "utf8");
  const start = text.indexOf("macro_rules! with_commands");
  if (start < 0) throw new Error(`${listFile.pathname}: no \`macro_rules! with_commands\``);
  // The callback's body: from `$callback! {` to its closing brace.
  const open = text.indexOf("{", text.indexOf("$callback!", start));
  const close = text.indexOf("}", open);
  if (open < 0 || close < 0) {
    throw new Error(`${listFile.pathname}: no \`$callback! { ... }\` inside with_commands!`);
  }
  const body = text.slice(open + 1, close).replace(/\/\/.*$/gm, "");
  const names: string[] = [];
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^([a-z_][a-z0-9_]*)::([a-z_][a-z0-9_]*),$/.exec(line);
    if (!m) throw new Error(`${listFile.pathname}: not a \`module::command,\` entry: ${line}`);
    names.push(m[2]);
  }
  return names;
}

interface Capability {
  file: string;
  /** Command names from the `allow-<command>` permissions. */
  commands: string[];
}

function capabilities(): Capability[] {
  return readdirSync(capabilitiesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(new URL(file, capabilitiesDir), "utf8")) as {
        permissions?: (string | { identifier: string })[];
      };
      const ids = (json.permissions ?? []).map((p) => (typeof p === "string" ? p : p.identifier));
      const commands = ids
        .filter((id) => id.startsWith("allow-"))
        .map((id) => id.slice("allow-".length).replace(/-/g, "_"));
      return { file, commands };
    });
}

/** ui/src's .ts and .svelte files, without tests and generated bindings. */
function sourceFiles(dir: URL = uiSrc, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) {
      if (rel === "lib/bindings") continue;
      out.push(...sourceFiles(new URL(`${entry.name}/`, dir), `${rel}/`));
    } else if (/\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
      out.push(rel);
    }
  }
  return out.sort();
}

interface CallSite {
  file: string;
  line: number;
  /** The command name, or null when the first argument is not a string literal. */
  command: string | null;
  text: string;
}

/**
 * Every `call(`, `callRaw(`, `callWithProgress(` (with or without type
 * arguments, which may nest: `call<Record<string, T>>(`), and its first
 * argument when that is a string literal.
 */
function callSites(file: string, text: string): CallSite[] {
  const sites: CallSite[] = [];
  const name = /(?<![\w$.])(call|callRaw|callWithProgress)\b/g;
  for (let m = name.exec(text); m; m = name.exec(text)) {
    let i = m.index + m[0].length;
    while (/\s/.test(text[i] ?? "")) i++;
    if (text[i] === "<") {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === "<") depth++;
        else if (text[i] === ">" && text[i - 1] !== "=") depth--;
        if (depth === 0) break;
      }
      i++;
      while (/\s/.test(text[i] ?? "")) i++;
    }
    if (text[i] !== "(") continue; // the word, not a call
    i++;
    while (/\s/.test(text[i] ?? "")) i++;
    const literal = /^(["'`])([^"'`\\$]*)\1/.exec(text.slice(i));
    const line = text.slice(0, m.index).split("\n").length;
    sites.push({
      file,
      line,
      command: literal ? literal[2] : null,
      text: text.split("\n")[line - 1].trim(),
    });
  }
  return sites;
}

const listed = listedCommands();
const listedSet = new Set(listed);
const caps = capabilities();
const sites = sourceFiles().flatMap((f) => callSites(f, readFileSync(new URL(f, uiSrc), "utf8")));

const where = (s: CallSite) => `ui/src/${s.file}:${s.line}: ${s.text}`;

describe("the command list (src-tauri/commands/list.rs)", () => {
  it("is read, and names each command once", () => {
    expect(listed.length, "no commands parsed from with_commands! in list.rs").toBeGreaterThan(0);
    const twice = listed.filter((c, i) => listed.indexOf(c) !== i);
    expect(twice, "commands listed more than once in list.rs").toEqual([]);
  });

  it("has every capability's allow-<command> permission among its commands", () => {
    expect(caps.map((c) => c.file)).toEqual(
      expect.arrayContaining(["audience.json", "kiosk.json", "main.json"]),
    );
    const unknown = caps.flatMap((c) =>
      c.commands.filter((cmd) => !listedSet.has(cmd)).map((cmd) => `${c.file}: allow-${cmd}`),
    );
    expect(
      unknown,
      "src-tauri/capabilities grant permissions for commands that are not in list.rs",
    ).toEqual([]);
  });

  it("has every command granted by at least one capability", () => {
    const granted = new Set(caps.flatMap((c) => c.commands));
    const ungranted = listed.filter((cmd) => !granted.has(cmd));
    expect(
      ungranted,
      "commands in list.rs that no window may call (add allow-<command> to a capability, or drop the command)",
    ).toEqual([]);
  });

  it("lets the kiosk window call only kiosk_* commands", () => {
    const kiosk = caps.find((c) => c.file === "kiosk.json");
    expect(kiosk, "src-tauri/capabilities/kiosk.json is missing").toBeDefined();
    expect(kiosk?.commands.length, "kiosk.json grants no command").toBeGreaterThan(0);
    const others = (kiosk?.commands ?? []).filter((cmd) => !cmd.startsWith("kiosk_"));
    expect(others, "kiosk.json grants commands whose name does not start with kiosk_").toEqual([]);
  });

  it("lets the audience window call only presentation commands", () => {
    const audience = caps.find((c) => c.file === "audience.json");
    expect(audience, "src-tauri/capabilities/audience.json is missing").toBeDefined();
    expect(audience?.commands.length, "audience.json grants no command").toBeGreaterThan(0);
    const presentation = (cmd: string) =>
      cmd.startsWith("presentation_") || cmd === "end_presentation";
    const others = (audience?.commands ?? []).filter((cmd) => !presentation(cmd));
    expect(
      others,
      "audience.json grants commands other than presentation_* and end_presentation",
    ).toEqual([]);
  });

  it("finds the TypeScript callers", () => {
    expect(
      sites.filter((s) => s.command !== null).length,
      'no call("...") found in ui/src: is the scan still looking in the right place?',
    ).toBeGreaterThan(0);
  });

  it("is called by name: a command's name is a string literal outside ipc.ts", () => {
    const dynamic = sites.filter((s) => s.command === null && s.file !== "lib/ipc.ts").map(where);
    expect(
      dynamic,
      "call/callRaw/callWithProgress with a computed command name: pass the name as a string literal so this test can check it",
    ).toEqual([]);
  });

  it("has every command the TypeScript calls", () => {
    const unknown = sites.filter((s) => s.command !== null && !listedSet.has(s.command)).map(where);
    expect(unknown, "the UI calls commands that are not in list.rs").toEqual([]);
  });

  it("has no command the TypeScript never calls", () => {
    const called = new Set(sites.map((s) => s.command));
    const uncalled = listed.filter((cmd) => !called.has(cmd));
    expect(
      uncalled,
      "commands in list.rs that no ui/src file calls (remove them, or call them from lib/api.ts, kiosk.ts or presentation.ts)",
    ).toEqual([]);
  });
});
