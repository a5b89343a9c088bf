# Sourced by ./strokekg, ./dev and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, then /usr/lib/jvm/*, then the java on PATH.
# Why 25: part of the engine is compiled for Java 22 (src/main/java22), the JVM flags every entry point passes
# (scripts/jvm.flags) include --sun-misc-unsafe-memory-access=allow, which exists only from JDK 23, and JDK 25
# (Eclipse Temurin 25) is the version the build, the tests and CI run on. An older JDK fails on the first command.
STROKEKG_JDK_MIN=25

strokekg_java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

strokekg_find_jdk() {
  local candidates=() c v rejected=""
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(strokekg_java_major "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$STROKEKG_JDK_MIN" ]; then
      export JAVA_HOME="$c"
      return 0
    fi
    c=$(readlink -f "$c") # /usr/lib/jvm holds links to the same JDK under several names
    case "$rejected" in *"  $c ("*) ;; *) rejected="$rejected  $c (JDK ${v:-unknown})
" ;; esac
  done
  cat >&2 <<MSG
StrokeKG needs JDK $STROKEKG_JDK_MIN or newer (it is built and tested on Eclipse Temurin 25), and none was found
(looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH).
MSG
  [ -n "$rejected" ] && printf 'Too old:\n%s' "$rejected" >&2
  cat >&2 <<'MSG'
Install Eclipse Temurin 25 (https://adoptium.net, or Adoptium's apt repository: apt-get install temurin-25-jdk),
then run this again or set JAVA_HOME to it.
MSG
  return 1
}
