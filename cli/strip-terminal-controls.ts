/** ANSI/VT escape sequences: CSI, OSC (ended by BEL or ST), DCS/SOS/PM/APC strings, and two-character escapes */
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]?/g
/** Other C0 and C1 controls (tab and newline kept), DEL, and Unicode bidi overrides that can reorder what a terminal shows */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/**
 * Remove terminal escape sequences and control characters from text that
 * came from a corpus (or any other untrusted source) before it is printed,
 * so a document cannot move the cursor, rewrite earlier lines, set the
 * window title, or hide text from the reader. Newlines and tabs are kept;
 * a carriage return becomes nothing.
 */
export function stripTerminalControls (text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '')
}
