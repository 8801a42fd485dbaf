/** Decode stage: frames -> link, IP (fragments reassembled), TCP/UDP -> flows and ordered stream chunks. */
export * from './types.js';
export { createFlowTable, type FlowTable, type FlowTableStats, UDP_IDLE_SECONDS, TCP_TOMBSTONE_SECONDS } from './flow-table.js';
export { decodeLink, isKnownLinkType, LinkStatus, newLinkResult, type LinkResult } from './link.js';
export { decodeIp, IpStatus, newIpResult, walkIpv6Extensions, type IpResult } from './ip.js';
export { FragmentReassembler, fragmentKey, type FragmentLimits } from './fragments.js';
export { decodeTcp, decodeUdp, newTcpHeader, newUdpHeader, TcpFlags, type TcpHeader, type UdpHeader } from './tcp-udp.js';
export { TcpDirection, type StreamEmitter } from './tcp-stream.js';
export { canonicalAddress, formatAddress, isPrivateAddress, parseAddress } from './address.js';
