#!/bin/sh
# Kava's demo web server: busybox httpd on port 80 serving a page that names the pod it runs in.
# It stands in for nginx (tagged nginx:1.14.2 and friends) so upstream manifests run without a registry.
name=${POD_NAME:-$(hostname)}
mkdir -p /www
cat >/www/index.html <<HTML
<!DOCTYPE html>
<html>
<head><title>Welcome to nginx!</title></head>
<body>
<h1>Welcome to nginx!</h1>
<p>This is Kava's demo image (busybox httpd standing in for nginx).</p>
<p>Served by pod <b id="pod">${name}</b>, started $(date -u +%Y-%m-%dT%H:%M:%SZ).</p>
</body>
</html>
HTML
echo "${name}" >/www/hostname
echo "demo: serving /www on port ${PORT:-80} as ${name}"
httpd -f -v -p "${PORT:-80}" -h /www &
child=$!
# PID 1 ignores SIGTERM unless it handles it: stop httpd and exit at once, so pods delete quickly.
trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
wait "$child"
