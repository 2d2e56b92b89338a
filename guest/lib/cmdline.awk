# /proc/cmdline -> one parameter per line, split the way the kernel does
# (blanks separate parameters, double quotes group, the quotes are dropped).
# Parameters after a lone "--" belong to init and are not printed.
# Usage: awk -f cmdline.awk /proc/cmdline
{
	n = length($0)
	tok = ""
	have = 0
	q = 0
	for (i = 1; i <= n; i++) {
		c = substr($0, i, 1)
		if (c == "\"") { q = !q; have = 1; continue }
		if (!q && (c == " " || c == "\t")) {
			if (have) { if (tok == "--") exit; print tok }
			tok = ""
			have = 0
			continue
		}
		tok = tok c
		have = 1
	}
	if (have && tok != "--") print tok
}
