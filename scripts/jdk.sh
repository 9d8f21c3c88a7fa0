# Sourced by ./vpn and ./run-tests: sets JAVA_HOME to a JDK >= 21 (with javac, for building),
# or exits with a clear message. The search itself is the distribution's, so both agree.
source "$(dirname "${BASH_SOURCE[0]}")/../vpn-dist/src/main/bin/find-java.sh"
JAVA_HOME=$(vpn_find_java jdk) || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven's own libraries call sun.misc.Unsafe, and JDK 24+ warns about it on every run. Quiet
# that (it concerns Maven, not this project) on the JDKs that know the option.
if [ "$(vpn_java_major "$JAVA_HOME")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
