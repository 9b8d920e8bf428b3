// typeshark as a library: open a capture, dissect its packets, read their fields.
export { readCapture } from './capture/source.js';
export type { CaptureRecord, InterfaceInfo } from './capture/record.js';
