/**
 * What the undeclared-identifier detectors find in the corpus and the
 * fixtures when nothing is declared: "file identifier" -> how many findings
 * and why. `real` findings are identifiers in the clear (an address, a MAC
 * a device announces); `real: false` marks a value that only looks like one
 * and that the detector cannot tell apart by its text. false-alarms.test.ts
 * fails on any finding not listed here and on a count that changes.
 */
export interface ExpectedFinding {
  count: number;
  real: boolean;
  why: string;
}

export const EXPECTED_FINDINGS: Record<string, ExpectedFinding> = {
  'pcap/ndpi/iphone.pcap undeclared:mac': {
    count: 3,
    real: true,
    why: "the iMac's Wi-Fi and Bluetooth MACs in mDNS TXT records (_device-info, sys=waMA=...)",
  },
  'pcap/rusticata/wireshark_samples-test.pcapng undeclared:mac': {
    count: 744,
    real: true,
    why: 'a Samsung TV (OUI C0:97:27) broadcasts its MAC as "sid" in JSON discovery datagrams on UDP 8001/15600, once per datagram',
  },
  'pcap/zeek/http/100-continue.pcap undeclared:email': {
    count: 1,
    real: true,
    why: "webmaster@osu.edu in an Apache error page (the server admin's address)",
  },
  'pcap/zeek/web.pcap undeclared:email': {
    count: 1,
    real: true,
    why: 'webmaster address of icir.org in an Apache error page ("mail <I>...</I>")',
  },
  'pcap/zeek/tcp/missing-syn.pcap undeclared:email': {
    count: 1,
    real: true,
    why: 'webmaster address of icir.org in an Apache error page ("mail <I>...</I>")',
  },
  'pcap/zeek/mixed-vlan-mpls.pcap undeclared:email': {
    count: 1,
    real: true,
    why: 'webmaster address of icir.org in an Apache error page ("mail <I>...</I>")',
  },
  'pcap/pcap2har/pcapr.net.pcap undeclared:email': {
    count: 2,
    real: true,
    why: "a JavaScript library author's address in an @author comment of a script served over plain HTTP",
  },
  'malformed/ndpi/fuzz-2006-09-29-28586.pcap undeclared:email': {
    count: 7,
    real: false,
    why: 'WAP Push (PAP) push-id values are built like Message-IDs (serial@host.mobilitylab.net): email-shaped, not a mailbox',
  },
};
