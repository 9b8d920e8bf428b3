// typeshark as a library: open a capture, dissect its packets, read their fields.
//
//   import { openCapture, Dissector } from 'typeshark';
//   const d = new Dissector();
//   for await (const pkt of openCapture('trace.pcapng')) {
//     const p = d.dissect(pkt);
//     console.log(p.number, p.columns.info, p.fields('http.host').map(f => f.display));
//   }
export { openCapture, CaptureFileError } from './lib/capture.js';
export type { Capture, CapturedPacket, InterfaceInfo } from './lib/capture.js';
export { Dissector } from './lib/dissector.js';
export type { DissectedPacket, DissectorOptions, FieldNode, FieldValue } from './lib/dissector.js';
export { readCapture } from './capture/source.js';
export type { CaptureRecord } from './capture/record.js';
