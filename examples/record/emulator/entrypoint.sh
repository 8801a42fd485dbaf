#!/bin/sh
# Example only. Starts the emulator headless with its traffic captured to
# /data/capture.pcap (EMULATOR_ARGS can add or override options), waits until
# Android has booted, then prints the line that the spec's `ready.log` waits for.
set -eu
trap 'adb emu kill >/dev/null 2>&1 || true; exit 0' TERM INT

emulator -avd device -no-window -no-audio -no-boot-anim -no-snapshot -wipe-data \
  -gpu swiftshader_indirect ${EMULATOR_ARGS:--tcpdump /data/capture.pcap} &
emu=$!

adb wait-for-device
until [ "$(adb shell getprop sys.boot_completed 2>/dev/null | tr -d '\r')" = "1" ]; do
  sleep 2
done
echo "boot completed"

# Keep the container up after the emulator stops (the steps end with
# `adb emu kill`), so that leakspec can copy the capture out.
wait "$emu" || true
echo "emulator exited"
while :; do sleep 3600; done
