// Per-capture state (conversations, reassembly, request/response pairing) lives in the module that owns it. Each
// registers how to forget it here, so one process can dissect several captures in turn: the library's Dissector,
// in-process runs (tests, the fuzz harness).
const resets: (() => void)[] = [];

export function onCaptureReset(forget: () => void): void { resets.push(forget); }

/** Forgets everything learnt from the packets seen so far, as if a new capture were opened. */
export function resetCaptureState(): void { for (const f of resets) f(); }
