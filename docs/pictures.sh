#!/bin/sh
# pictures.sh renders the README's pictures (docs/img/*.png) from the real
# program: it builds follicle, runs it in a detached tmux session of a fixed
# size on a fresh --home (the bundled corpus only, so every run shows the
# same papers), types a fixed sequence of keys, captures each screen with
# `tmux capture-pane -e` and turns it into a PNG with freeze.
#
#   docs/pictures.sh            # regenerate docs/img/*.png
#
# Needs tmux, rsvg-convert (Debian: librsvg2-bin; freeze's own rasteriser
# crashes on some machines) and the DejaVu Sans Mono font. freeze comes from
# the Go module proxy at a pinned version and never enters the app's go.mod;
# set FREEZE to an installed freeze binary to skip `go run`.
set -eu

cd "$(dirname "$0")/.."
FREEZE=${FREEZE:-"go run github.com/charmbracelet/freeze@v0.2.2"}
for tool in tmux rsvg-convert perl; do
	command -v "$tool" >/dev/null || { echo "pictures.sh: $tool is needed" >&2; exit 1; }
done

work=$(mktemp -d)
runs=0
sock="follicle-pictures-$$-0"
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

go build -o "$work/follicle" .
home="$work/home"
mkdir -p docs/img

# start runs the explorer at WxH in THEME. TERM and COLORTERM ask for true
# colour, which tmux keeps in its capture.
start() {
	runs=$((runs + 1)) # a server of its own: the last one may still be exiting
	sock="follicle-pictures-$$-$runs"
	tmux -L "$sock" -f /dev/null new-session -d -s pic -x "$1" -y "$2" \
		"env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor FOLLICLE_THEME=$3 $work/follicle --home $home"
}
stop() { tmux -L "$sock" kill-server; }
keys() { tmux -L "$sock" send-keys -t pic "$@"; }
screen() { tmux -L "$sock" capture-pane -p -t pic; }

# settle waits until TEXT is on screen and the screen has stopped changing.
settle() {
	last="" n=0
	while [ $n -lt 200 ]; do
		now=$(screen)
		case "$now" in
		*"$1"*) [ "$now" = "$last" ] && return 0 ;;
		esac
		last=$now n=$((n + 1))
		sleep 0.15
	done
	echo "pictures.sh: \"$1\" never showed; the screen was:" >&2
	screen >&2
	exit 1
}

# shot captures the screen as docs/img/NAME.png. freeze takes neither SGR
# 39/49 (default colours) nor a reset as the theme's colours, so they are
# spelled out as the theme's text and background colours first.
shot() {
	name=$1 fg=$2 bg=$3
	tmux -L "$sock" capture-pane -e -N -p -t pic | perl -pe '
		BEGIN { ($fg, $bg) = map { join ";", map hex, /(..)(..)(..)/ } @ARGV[0,1]; @ARGV = (); $state = "" }
		s{\e\[([0-9;]*)m}{
			my @p = split /;/, $1; @p = (0) unless @p; my @out;
			while (@p) {
				my $c = shift @p;
				if ($c == 38 || $c == 48) { my $k = shift @p; push @out, $c, $k, splice(@p, 0, $k == 5 ? 1 : 3); next }
				if ($c == 0) { push @out, 0, "38;2;$fg", "48;2;$bg"; next }
				if ($c == 39) { push @out, "38;2;$fg"; next }
				if ($c == 49) { push @out, "48;2;$bg"; next }
				push @out, $c;
			}
			"\e[" . join(";", @out) . "m"
		}ge;
		# tmux carries attributes over a line break without repeating them;
		# freeze starts every line afresh, so each line is given the state
		# the previous one ended in.
		my $line = $_;
		$_ = $state . $_;
		for my $sgr ($line =~ /\e\[[0-9;]*m/g) { $state = $sgr =~ /^\e\[0[;m]/ ? $sgr : $state . $sgr }
		' "$fg" "$bg" >"$work/$name.ansi"
	$FREEZE "$work/$name.ansi" --output "$work/$name.svg" --window=false \
		--background "#$bg" --padding 20 --font.family "DejaVu Sans Mono" --font.size 14 >/dev/null
	# freeze places backgrounds on a grid of font-size/1.68 per cell;
	# DejaVu Sans Mono advances 0.602 em, so its letters are drawn that much
	# closer together to stay on freeze's grid.
	# The theme's background, spelled out above, is already the picture's:
	# its boxes go, since freeze widens every box by half a cell and they
	# would cover the start of a highlight.
	perl -pi -e 's{<g font-family="DejaVu Sans Mono" font-size="14.00px"}{$& letter-spacing="-0.0944px"};
		s{<rect fill="#\Q'"$(echo "$bg" | tr 'A-F' 'a-f')"'\E" x="[^"]*" y="[^"]*" height="[^"]*" width="[^"]*"/>}{}g' "$work/$name.svg"
	rsvg-convert --zoom 2 --output "docs/img/$name.png" "$work/$name.svg"
	echo "docs/img/$name.png"
}

for theme in dark light; do
	if [ "$theme" = dark ]; then fg=E6E6E6 bg=1E1E1E; else fg=1E1E1E bg=FFFFFF; fi

	# The three panes at 120x40: a query, a condition filter, the papers.
	start 120 40 "$theme"
	settle "sort: relevance"
	keys /
	keys -l baricitinib
	keys Enter Tab Down Enter Tab Tab
	settle "Filters:"
	shot "panes-120x40-$theme" "$fg" "$bg"

	# The reader on the first paper.
	keys Enter
	settle "PMID:"
	shot "reader-120x40-$theme" "$fg" "$bg"
	stop

	# The narrow, tabbed layout at 80x24.
	start 80 24 "$theme"
	settle "sort: relevance"
	keys /
	keys -l "minoxidil oral"
	keys Enter
	settle "minoxidil oral"
	shot "layout-80x24-$theme" "$fg" "$bg"
	stop
done
