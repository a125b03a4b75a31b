#!/usr/bin/env bash
# Builds a Java 17 base image for the Sitewatch image from this machine's JDK, for hosts that reach
# no container registry: a jlinked runtime plus the shared libraries it links against, written as
# a `docker save` tarball that Jib takes as its base (-Djib.from.image=tar://...).
#   infra/deploy/image/local-base.sh [OUT.tar]    (default: infra/deploy/image/target/base.tar)
# With registry access use a maintained base instead (eclipse-temurin:17-jre, the default of the
# `image` profile): it receives security updates, this one only what the host's packages had.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/target/base.tar}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { echo "no jlink in $java_home (set JAVA_HOME to a JDK 17 with jmods)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/tmp" "$root/etc" "$(dirname "$out")"
chmod 1777 "$root/tmp"

# Headless runtime: java.se plus what the stages use (Unsafe for Kafka/Lucene, EC and PKCS#11
# crypto for TLS, JMX/JFR, zip file system, the extra charsets for GBK/Big5 pages, zh locales).
"$jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.httpserver,jdk.net,jdk.charsets,jdk.localedata,jdk.security.auth,jdk.security.jgss \
  --strip-debug --no-header-files --no-man-pages --output "$root/opt/java"
# Debian's JDK links the CA store to /etc/ssl/certs/java/cacerts: take the file itself.
if [ -L "$root/opt/java/lib/security/cacerts" ] || [ ! -s "$root/opt/java/lib/security/cacerts" ]; then
  rm -f "$root/opt/java/lib/security/cacerts"
  cp -L "$java_home/lib/security/cacerts" "$root/opt/java/lib/security/cacerts"
fi

# The C libraries of the runtime (not of AWT, which a headless server never loads).
for f in "$root/opt/java/bin/java" $(find "$root/opt/java/lib" -name '*.so' \
    ! -name 'libawt*' ! -name 'libsplashscreen.so' ! -name 'libfontmanager.so' ! -name 'libjawt.so' \
    ! -name 'liblcms.so' ! -name 'libjsound.so' ! -name 'libmlib_image.so' ! -name 'libjavajpeg.so'); do
  ldd "$f" | awk '/=> \//{print $3} /^\s*\/.*ld-linux/{print $1}'
done | sort -u | while read -r lib; do
  case "$lib" in "$root"/*) continue ;; esac # the runtime's own libraries
  [ -e "$root$lib" ] || cp -L --parents "$lib" "$root"
done
case "$(uname -m)" in x86_64) [ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L --parents /lib64/ld-linux-x86-64.so.2 "$root" ;; esac

# The image's user (10001, as set by the image profile) and a minimal name service setup.
printf 'root:x:0:0:root:/root:/sbin/nologin\nsitewatch:x:10001:10001:sitewatch:/var/lib/sitewatch:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nsitewatch:x:10001:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"

# `docker save` layout: one layer, its config, a manifest naming both.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' -C "$root" -cf "$work/layer.tar" .
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
printf '[{"Config":"config.json","RepoTags":["sitewatch-base:17-local"],"Layers":["layer.tar"]}]\n' >"$work/manifest.json"
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "$out ($(du -h "$out" | cut -f1)); build with -Djib.from.image=tar://$out"
