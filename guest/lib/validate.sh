# Validation helpers for the Liquid Metal guest (sourced by /init and the
# udhcpc script; busybox ash). Seed files and DHCP replies are untrusted
# input: every value goes through one of these before it reaches a command,
# always as a single quoted argument, never through eval.

lm_log() { echo "lm-init: $*"; }

# 02:ab:cd:ef:01:02 (any case)
lm_is_mac() {
	case $1 in
	[0-9A-Fa-f][0-9A-Fa-f]:[0-9A-Fa-f][0-9A-Fa-f]:[0-9A-Fa-f][0-9A-Fa-f]:[0-9A-Fa-f][0-9A-Fa-f]:[0-9A-Fa-f][0-9A-Fa-f]:[0-9A-Fa-f][0-9A-Fa-f]) return 0 ;;
	esac
	return 1
}

# Linux interface name: 1-15 chars of [A-Za-z0-9_.-], not starting with '-'.
lm_is_ifname() {
	case $1 in
	'' | . | .. | -* | *[!A-Za-z0-9_.-]*) return 1 ;;
	esac
	[ ${#1} -le 15 ]
}

# Dotted quad, no leading zeros.
lm_is_ipv4() {
	case $1 in
	'' | *[!0-9.]* | .* | *. | *..*) return 1 ;;
	esac
	local IFS=. o n=0
	for o in $1; do
		case $o in
		0?*) return 1 ;;
		? | ?? | ???) ;;
		*) return 1 ;;
		esac
		[ "$o" -le 255 ] || return 1
		n=$((n + 1))
	done
	[ $n -eq 4 ]
}

# Loose IPv6 check (hex digits, colons, an embedded dotted quad); `ip` does
# the strict parsing. Nothing here can start with '-' or contain spaces.
lm_is_ipv6() {
	case $1 in
	*:*) ;;
	*) return 1 ;;
	esac
	case $1 in
	*[!0-9A-Fa-f:.]* | *:::*) return 1 ;;
	esac
	[ ${#1} -le 45 ]
}

lm_is_ip() { lm_is_ipv4 "$1" || lm_is_ipv6 "$1"; }

# ADDRESS/PREFIX (IPv4 prefix 0-32, IPv6 0-128); a bare address is accepted.
lm_is_cidr() {
	local a="${1%/*}" p
	if [ "$a" = "$1" ]; then
		lm_is_ip "$a"
		return
	fi
	p=${1#*/}
	case $p in
	'' | *[!0-9]* | 0?*) return 1 ;;
	esac
	[ ${#p} -le 3 ] || return 1
	if lm_is_ipv4 "$a"; then
		[ "$p" -le 32 ]
	elif lm_is_ipv6 "$a"; then
		[ "$p" -le 128 ]
	else
		return 1
	fi
}

lm_is_uint() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
	[ ${#1} -le 9 ]
}

# Host or domain name: 1-253 chars of [A-Za-z0-9.-], not starting with '-' or '.'.
lm_is_dnsname() {
	case $1 in
	'' | -* | .* | *[!A-Za-z0-9.-]*) return 1 ;;
	esac
	[ ${#1} -le 253 ]
}

lm_truthy() {
	case $1 in
	true | True | TRUE | yes | Yes | YES | on | On | ON) return 0 ;;
	esac
	return 1
}
