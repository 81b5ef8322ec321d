// Display strings for the Cadangan screen.

const DAY = new Intl.DateTimeFormat("id-ID", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const TIME = new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit" });

/** Indonesia's zones by UTC offset in minutes; elsewhere "UTC+h". */
function zone(offsetMinutes: number): string {
  const named: Record<number, string> = { 0: "UTC", 420: "WIB", 480: "WITA", 540: "WIT" };
  if (named[offsetMinutes]) return named[offsetMinutes];
  const sign = offsetMinutes < 0 ? "−" : "+";
  const abs = Math.abs(offsetMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `.${String(m).padStart(2, "0")}` : ""}`;
}

/** "Kamis, 3 Desember 2026 10.04 WIB", in this computer's time zone. */
export function formatWhen(iso: string, date: Date = new Date(iso)): string {
  if (Number.isNaN(date.getTime())) return iso;
  const time = TIME.format(date).replace(":", ".");
  return `${DAY.format(date)} ${time} ${zone(-date.getTimezoneOffset())}`;
}

/** "1,2 MB", "340 KB": sizes of backup files. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toLocaleString("id-ID", { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** The folder a file is in ("/a/b/c.db" → "/a/b"). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? path.slice(0, cut) : path;
}
