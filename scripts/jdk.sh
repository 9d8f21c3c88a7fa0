# Sourced by ./vpn and ./run-tests: sets JAVA_HOME to a JDK >= 21, or exits with a clear message.
# Looks, in order, at $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm (newest first).

vpn_required_java=21

# Prints the feature version (17, 21, 25, ...) of the JDK whose home is $1, or nothing.
vpn_java_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\)[."].*/\1/p'
}

vpn_find_jdk() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${home%/}"); done
  for home in "${candidates[@]}"; do
    major=$(vpn_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$vpn_required_java" ]; then
      printf '%s\n' "$home"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(vpn_find_jdk); then
  echo "error: no JDK ${vpn_required_java} or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "       Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's own libraries call sun.misc.Unsafe; JDK 24+ warns about it on every run. Quiet that
# (it concerns Maven, not this project) on the JDKs that know the option.
if [ "$(vpn_java_major "$JAVA_HOME")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
