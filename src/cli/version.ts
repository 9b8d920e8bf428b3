// What -v prints: tshark's first line (scripts parse it) and typeshark's own identity.
export const VERSION_TEXT = `TShark (Wireshark) 4.0.17 (typeshark 0.1.0).

typeshark: tshark 4.0 rebuilt in TypeScript on Node.js ${process.versions.node}.
Licensed under the terms of the GNU General Public License (version 2 or later).
`;
