/** SSH (RFC 4253): recognised by its `SSH-2.0-` (or 1.99/1.5) identification line in either direction; encrypted. */
import { startsWithAscii } from './bytes.js';
import type { AnalyzerFactory, ProtocolAnalyzer } from './types.js';

class SshAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'ssh' as const;
  onData(): void {}
  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: true, version: null };
  }
}

/** SSH on any TCP port, by its banner. */
export const sshFactory: AnalyzerFactory = {
  protocol: 'ssh',
  transports: ['tcp'],
  ports: [22],
  sniff: (data) => startsWithAscii(data, 0, 'SSH-2.0-') || startsWithAscii(data, 0, 'SSH-1.99-') || startsWithAscii(data, 0, 'SSH-1.5-'),
  create: () => new SshAnalyzer(),
};
