#!/usr/bin/env bash
# CI services for the recording tests: a Docker engine (for the `container`
# driver) and network namespaces with tcpdump (for the `netns` driver).
# Idempotent: quick when everything is already installed and running.
# Needs root (or passwordless apt-get/dockerd) for what is missing.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
log=${LEAKSPEC_DOCKERD_LOG:-/var/log/leakspec-dockerd.log}

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup-services: installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Docker engine: start it in the background unless one already answers.
if ! docker info >/dev/null 2>&1; then
  if [ -e /var/run/docker.sock ] && ! pgrep -x dockerd >/dev/null 2>&1; then
    rm -f /var/run/docker.sock  # left over from an engine that is gone
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    echo "setup-services: starting dockerd (log: $log)"
    mkdir -p "$(dirname "$log")"
    nohup dockerd >>"$log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    echo "setup-services: dockerd did not come up; last lines of $log:" >&2
    tail -n 20 "$log" >&2 || true
    exit 1
  fi
fi

# Network namespaces: check that one can be made and removed.
probe="ls-probe-$$"
if ! { ip netns add "$probe" && ip netns delete "$probe"; } >/dev/null 2>&1; then
  echo "setup-services: 'ip netns' does not work here (root and CAP_SYS_ADMIN are needed)" >&2
  exit 1
fi
echo "setup-services: docker $(docker version --format '{{.Server.Version}}'), ip netns and tcpdump ready"
