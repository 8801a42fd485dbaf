/** A recorded capture must be a readable pcap or pcapng holding at least one packet. */
import { statSync } from 'node:fs';
import { openCapture } from '../capture/index.js';
import { RecordFailure, messageOf } from './record-error.js';

/**
 * Checks the file the driver produced: present, not empty, pcap or pcapng,
 * and its first packet readable. Returns its size in bytes; throws a
 * RecordFailure otherwise. (The analysis reads the rest.)
 */
export function checkRecordedCapture(path: string, what: string): number {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new RecordFailure(`${what} produced no capture file`);
  }
  if (size === 0) throw new RecordFailure(`${what} produced an empty capture file (0 bytes)`);
  let src;
  try {
    src = openCapture(path);
  } catch (e) {
    throw new RecordFailure(`${what} produced a file that is not a readable capture: ${messageOf(e)}`, { cause: e });
  }
  try {
    if (src.next() === null) throw new RecordFailure(`${what} produced a capture with no packets: nothing was captured`);
  } catch (e) {
    if (e instanceof RecordFailure) throw e;
    throw new RecordFailure(`${what} produced an unreadable capture: ${messageOf(e)}`, { cause: e });
  } finally {
    src.close();
  }
  return size;
}
