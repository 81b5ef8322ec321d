// The Peserta export dialog's own checks. The length rule stays in Rust
// (`crypto::check_passphrase`, answered as field `passphrase`), so the two
// never disagree; here only what Rust cannot see: the second entry.

/** Shown whenever the organiser is about to write a plain file. */
export const UNSEALED_WARNING =
  "Berkas ini memuat NIP dan nomor HP peserta tanpa enkripsi: siapa pun yang memegang berkas dapat membacanya.";

/** Field name → message, in the `fieldErrors` shape. */
export type ExportErrors = Record<string, string>;

/**
 * What `export_roster` receives as `passphrase` (null: a plain file), or the
 * problems to show beside each field instead of calling it.
 */
export function exportPassphrase(
  encrypt: boolean,
  passphrase: string,
  again: string,
): { passphrase: string | null } | { errors: ExportErrors } {
  if (!encrypt) return { passphrase: null };
  const errors: ExportErrors = {};
  if (passphrase === "") errors.passphrase = "Isi kata sandi untuk mengenkripsi berkas";
  else if (again !== passphrase)
    errors.passphrase_again = "Kata sandi kedua tidak sama dengan yang pertama";
  return Object.keys(errors).length > 0 ? { errors } : { passphrase };
}
