/**
 * Which end of a new flow is the client (the device side), decided at the
 * flow's first packet (SPEC-FORMAT.md, "Flows and their attributes"):
 * 1. an address listed in the device's addresses (when only one end is);
 * 2. the sender of a TCP SYN without ACK (or the receiver of a SYN+ACK);
 * 3. the end with a private/local address, when only one end has one;
 * 4. otherwise the sender of the first packet.
 */
import { isPrivateAddress } from './address.js';

/** What is known of a flow's first packet. */
export interface FirstPacket {
  srcIp: string;
  dstIp: string;
  srcAddr: Uint8Array;
  dstAddr: Uint8Array;
  /** TCP SYN without ACK. */
  syn: boolean;
  /** TCP SYN with ACK. */
  synAck: boolean;
}

/** True when the sender of the first packet is the client. */
export function senderIsClient(p: FirstPacket, deviceAddresses: ReadonlySet<string>): boolean {
  const srcDevice = deviceAddresses.has(p.srcIp);
  const dstDevice = deviceAddresses.has(p.dstIp);
  if (srcDevice !== dstDevice) return srcDevice;
  if (p.syn) return true;
  if (p.synAck) return false;
  const srcPrivate = isPrivateAddress(p.srcAddr);
  const dstPrivate = isPrivateAddress(p.dstAddr);
  if (srcPrivate !== dstPrivate) return srcPrivate;
  return true;
}
