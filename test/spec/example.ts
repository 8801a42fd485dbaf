/** The example of SPEC-FORMAT.md, verbatim, and a policy file for its `extends`. */

export const EXAMPLE = `leakspec: 1                       # format version, required
extends: ../policies/eu-gdpr.yaml # optional; a file or a list; see "extends"

device:
  model: Nokia 7 Plus             # required; the suite name in every report
  firmware: 00WW_3_22C            # optional; shown in reports
  addresses: [10.0.2.15]          # optional; the device's own IPs in the captures
  identifiers:                    # the test device's real values; searched everywhere
    imei: "490154203237518"
    iccid: "89470000000000000017"
    imsi: "242010000000001"
    mac: "00:00:5e:00:53:01"
    cell-id: "219769344"
    location: { lat: 59.9139, lon: 10.7522, radius-m: 2000 }
    crm-token: { value: "u-7f3a9c", category: account }

policy:
  home: [EEA]                     # where traffic may go without a transfer rule
  unknown-country: fail           # fail | allow
  min-tls: "1.2"                  # TLS/DTLS below this counts as plaintext
  opaque: allow                   # allow | fail: unrecognised high-entropy payloads
  infrastructure: [dns, dhcp, ntp]  # plaintext protocols that need no allow rule
  detectors: [imei, iccid, imsi, mac, email, phone, location]

allow:                            # flows allowed in every scenario of this file
  - name: HMD device activation
    to: ["*.hmdglobal.com"]
    protocols: [tls]
    data: [imei]
  - name: Google connectivity check
    to: [connectivitycheck.gstatic.com]
    protocols: [http]
    plaintext: true               # an explicit, reviewed plaintext exception
    transfer: { countries: [US], basis: "EU-US Data Privacy Framework" }

scenarios:
  - name: first boot activation   # required, unique in the file
    action: Power on with a Norwegian SIM, finish setup, idle 120 s
    capture: ../fixtures/nokia-7-plus/first-boot.pcapng
    expect: [no-plaintext, no-cross-border, allowed-flows-only, identifiers-confined]
    waivers:
      - assertion: no-cross-border
        to: [zzhc.vnet.cn]
        reason: activation client removed in 00WW_3_22D
        ticket: PRIV-123
        expires: 2027-01-31
`;

export const EU_GDPR = `leakspec: 1
policy:
  min-tls: "1.3"
  uninspected: allow
allow:
  - to: [time.android.com]
    protocols: [ntp]
    plaintext: true
waivers:
  - assertion: allowed-flows-only
    to: [10.0.0.0/8]
    reason: lab network
    expires: 2030-12-31
`;
