# Finds a Java >= 21. Sourced by bin/vpn (which needs a runtime) and by the project's own
# ./vpn and ./run-tests (which need a JDK with javac). Looks, in order, at $JAVA_HOME, the
# `java` on PATH, then every Java under /usr/lib/jvm, newest first.

vpn_required_java=21

# Prints the feature version (17, 21, 25, ...) of the Java whose home is $1, or nothing. Read
# from the home's release file when it has one: starting a JVM to ask costs 40 ms or more.
vpn_java_major() {
  [ -x "$1/bin/java" ] || return 0
  local major
  major=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  if [ -n "$major" ]; then
    printf '%s\n' "$major"
    return 0
  fi
  "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\)[."].*/\1/p'
}

# What an ahead-of-time cache made by the Java at $1 is tied to: its home and exact version.
vpn_java_identity() {
  printf '%s %s\n' "$1" "$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$1/release" 2>/dev/null)"
}

# vpn_find_java runtime|jdk: prints the home of the first Java >= 21 (with javac for "jdk").
vpn_find_java() {
  local kind=$1 candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${home%/}"); done
  for home in "${candidates[@]}"; do
    [ "$kind" = jdk ] && [ ! -x "$home/bin/javac" ] && continue
    major=$(vpn_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$vpn_required_java" ]; then
      printf '%s\n' "$home"
      return 0
    fi
  done
  echo "error: no Java ${vpn_required_java} or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "       Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  return 1
}
