/** Protocols stage: stream chunks -> typed events. */
export * from './types.js';
export { ANALYZERS, fallbackFor, selectAnalyzer } from './registry.js';
export { tcpFallbackFactory, udpFallbackFactory, classifyPayload, shannonEntropy, textShare, opaqueThreshold } from './fallback.js';
export { dnsFactory, DNS_PORTS } from './dns.js';
export { decodeDnsMessage, readName, dnsTypeName, type DnsMessage } from './dns-message.js';
export { tlsFactory, MAX_HANDSHAKE_BUFFER } from './tls.js';
export { parseClientHello, parseServerHello, versionText, isGrease, type ClientHelloInfo } from './tls-hello.js';
export { httpFactory } from './http.js';
export { decodeContent, MAX_BODY_BYTES, SUPPORTED_CODINGS } from './http-body.js';
export { dtlsFactory } from './dtls.js';
export { quicFactory } from './quic.js';
export { sshFactory } from './ssh.js';
export { mqttFactory, mqttClientId } from './mqtt.js';
export { dhcpFactory } from './dhcp.js';
export { ntpFactory } from './ntp.js';
