/** Protocols stage: stream chunks -> typed events. Analyzers register by content sniffing and port. */
import type { Dir, Transport } from '../decode/types.js';

/** Protocol names of SPEC-FORMAT.md ("tcp"/"udp" = unrecognised). */
export const PROTOCOLS = ['tls', 'quic', 'dtls', 'ssh', 'http', 'dns', 'dhcp', 'ntp', 'mqtt', 'tcp', 'udp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface DnsRecord {
  name: string;
  /** "A", "AAAA", "CNAME", ... or "TYPE123". */
  type: string;
  /** Address text for A/AAAA, target name for CNAME/PTR/NS, "" otherwise. */
  data: string;
  ttl: number;
}

export type ProtocolEvent =
  | {
      type: 'dns';
      frame: number;
      /** Query name of the first question ("" when none). */
      name: string;
      /** Query type of the first question ("A", "AAAA", ...). */
      qtype: string;
      response: boolean;
      /** Answer-section records. */
      answers: DnsRecord[];
    }
  | {
      type: 'tls-client-hello';
      frame: number;
      sni: string | null;
      alpn: string[];
      /** Highest version offered ("1.0" .. "1.3", "SSL3", "SSL2"), from supported_versions when present. */
      version: string;
    }
  | { type: 'tls-server-hello'; frame: number; version: string }
  | {
      type: 'http-request';
      frame: number;
      method: string;
      /** Host header without port, lower case; null when absent. */
      host: string | null;
      path: string;
      version: string;
      headers: Array<[string, string]>;
    }
  | { type: 'http-response'; frame: number; status: number; version: string; headers: Array<[string, string]> }
  | {
      /**
       * A message body after undoing chunked coding and content encoding, for
       * the detector. `encodings` is the decoding chain applied, outermost
       * first (e.g. ["gzip"]); empty when the body was sent as is.
       */
      type: 'http-body';
      frame: number;
      dir: Dir;
      data: Uint8Array;
      encodings: string[];
    }
  | {
      /**
       * An MQTT packet that names something: CONNECT (client id, username,
       * will topic, protocol level), PUBLISH (topic), SUBSCRIBE and
       * UNSUBSCRIBE (topic filters). Text is escaped as `safeAscii` does.
       */
      type: 'mqtt';
      frame: number;
      dir: Dir;
      packet: 'CONNECT' | 'PUBLISH' | 'SUBSCRIBE' | 'UNSUBSCRIBE';
      /** CONNECT: 3 (3.1), 4 (3.1.1) or 5. */
      level?: number;
      clientId?: string;
      username?: string;
      willTopic?: string;
      topic?: string;
      topics?: string[];
    }
  | {
      /** Part of a cleartext flow could not be inspected whole (gap, unsupported encoding, size cap). */
      type: 'uninspected';
      frame: number;
      reason: string;
    };

export interface AnalyzerContext {
  transport: Transport;
  clientPort: number;
  serverPort: number;
  emit(event: ProtocolEvent): void;
  weird(name: string): void;
}

/** A live analyzer attached to one flow. Pure: no I/O. */
export interface ProtocolAnalyzer {
  readonly protocol: Protocol;
  /** TCP: in-order stream bytes; UDP: one datagram. `data` is a view: copy to keep. */
  onData(dir: Dir, data: Uint8Array, frame: number): void;
  /** TCP: bytes missing in this direction. */
  onGap?(dir: Dir, length: number, frame: number): void;
  onEnd?(): void;
  /**
   * Whether the flow's application data is encrypted, as far as this
   * analyzer knows (TLS/QUIC/DTLS/SSH: true; cleartext protocols and
   * text-like payloads: false; unrecognised high-entropy payloads: "opaque"). `version` is the negotiated or
   * highest-offered version for min-tls checks.
   */
  encryption(): { encrypted: boolean | 'opaque'; version: string | null };
}

export interface AnalyzerFactory {
  protocol: Protocol;
  transports: Transport[];
  /** Well-known server ports: a hint, never enough on its own when sniff() says no. */
  ports: number[];
  /** Content sniffing on the first payload seen (either direction). */
  sniff(data: Uint8Array, dir: Dir, ctx: { transport: Transport; clientPort: number; serverPort: number }): boolean;
  create(ctx: AnalyzerContext): ProtocolAnalyzer;
}
