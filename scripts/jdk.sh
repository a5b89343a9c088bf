# Sourced by ./strokekg, ./dev and .ci/run: finds a JDK 21+ and exports JAVA_HOME.
# Order: $JAVA_HOME, then /usr/lib/jvm/*, then the java on PATH.

strokekg_java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

strokekg_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(strokekg_java_major "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  cat >&2 <<'MSG'
StrokeKG needs a JDK 21 or newer, and none was found (looked at $JAVA_HOME, /usr/lib/jvm/*, java on PATH).
Install one, for example Eclipse Temurin 21 or 25 (https://adoptium.net, or its apt repository:
  apt-get install temurin-21-jdk), then run this again or set JAVA_HOME to it.
MSG
  return 1
}
