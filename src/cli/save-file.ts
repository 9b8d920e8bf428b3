// -r FILE -w OUT: the packets that pass the read and display filters, written to a new capture file (pcapng unless
// -F pcap), with tshark's messages when the file cannot be created or written.
import * as fs from 'node:fs';
import { PcapngWriter } from '../capture/pcapng-writer.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import type { CaptureRecord, InterfaceInfo } from '../capture/record.js';
import { openOutput, WriteError, type ByteSink, type CaptureWriter, type WriterInterface } from '../capture/writer.js';
import type { Config } from './config.js';

/** Why the file could not be opened or written, in tshark's words. */
export class SaveError extends Error {}

function openMessage(path: string, e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': case 'ENOTDIR': return `The path to the file "${path}" doesn't exist.`;
    case 'EISDIR': return `"${path}" is a directory (folder), not a file.`;
    case 'EACCES': case 'EPERM': case 'EROFS': return `You don't have permission to create or write to the file "${path}".`;
    default: return `The file "${path}" could not be created for some unknown reason: ${(e as Error).message}.`;
  }
}

function writeMessage(e: WriteError): string {
  if (e.code === 'ENOSPC') return `Not all the packets could be written to the file "${e.path}" because there is no space left on the file system.`;
  if (e.code === 'EDQUOT') return `Not all the packets could be written to the file "${e.path}" because you are too close to, or over, your disk quota.`;
  return `An error occurred while writing to the file "${e.path}": ${e.message}.`;
}

function writerInterface(i: InterfaceInfo): WriterInterface {
  return { name: i.name, description: i.description, linktype: i.linktype, snaplen: i.snaplen, filter: i.filter, tsResol: i.tsPerSec > 1e6 ? 9 : 6 };
}

export class FileSaver {
  private readonly sink: ByteSink;
  private writer: CaptureWriter | null = null;
  private written = 0;

  /** Creates the output file now, as tshark does before reading (throws SaveError). */
  constructor(private readonly cfg: Config, private readonly interfaces: () => readonly InterfaceInfo[]) {
    const path = cfg.writeFile!;
    try {
      if (path !== '-' && fs.existsSync(path) && fs.statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      this.sink = openOutput(path);
    } catch (e) { throw new SaveError(openMessage(path, e)); }
  }

  private start(): CaptureWriter {
    const ifaces = this.interfaces();
    if (this.cfg.outputFileType === 'pcap') {
      if (new Set(ifaces.map(i => i.linktype)).size > 1) {
        // tshark finds this out before creating the file: leave none behind
        this.sink.close();
        if (this.cfg.writeFile !== '-') fs.rmSync(this.cfg.writeFile!, { force: true });
        throw new SaveError('The capture file being read can\'t be written as a "pcap" file.');
      }
      const first = ifaces[0];
      this.writer = new PcapWriter(this.sink, first ? writerInterface(first) : { linktype: 1, snaplen: 262144, tsResol: 6 });
    } else {
      this.writer = new PcapngWriter(this.sink, ifaces.map(writerInterface), { application: 'typeshark 0.1.0 (TShark 4.0.17 compatible)', ifOs: false });
    }
    this.written = ifaces.length;
    return this.writer;
  }

  /** Writes one record that passed the filters (throws SaveError on a write failure). */
  packet(rec: CaptureRecord): void {
    const w = this.writer ?? this.start();
    if (w instanceof PcapngWriter) {
      const ifaces = this.interfaces();
      while (this.written < ifaces.length) w.addInterface(writerInterface(ifaces[this.written++]!));
    }
    try { w.writePacket(rec.ifaceLocal ?? rec.ifaceId, rec.tsSec, rec.tsNsec, rec.data, rec.caplen, rec.len); } catch (e) { throw this.failure(e); }
  }

  /** Flushes and closes (an empty capture still gets its headers). Throws SaveError. */
  close(): void {
    try { (this.writer ?? this.start()).close(); } catch (e) { throw this.failure(e); }
  }

  private failure(e: unknown): unknown {
    return e instanceof WriteError ? new SaveError(writeMessage(e)) : e;
  }
}
