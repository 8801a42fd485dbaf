#!/bin/sh
# Example only: captures one phone's traffic on the lab's Wi-Fi access-point
# interface into the file leakspec names in LEAKSPEC_CAPTURE. leakspec sends
# SIGINT when the steps are done; tcpdump then closes the file and exits 0.
# Usage: record-lab-wifi.sh INTERFACE PHONE_ADDRESS
set -eu
: "${LEAKSPEC_CAPTURE:?run by leakspec record (LEAKSPEC_CAPTURE is not set)}"
exec tcpdump -i "$1" -w "$LEAKSPEC_CAPTURE" -U --immediate-mode -n "host $2"
