package hostile

import (
	"fmt"
	"regexp"
	"strings"
)

// safeLink is what an OSC 8 hyperlink may point at: PubMed or the DOI
// resolver, with nothing outside the percent-encoded safe set.
var safeLink = regexp.MustCompile(`^(https://pubmed\.ncbi\.nlm\.nih\.gov/[0-9]+/|https://doi\.org/10\.[0-9.]+/[A-Za-z0-9\-._~/:;()%]+)?$`)

// AppTitle is the window title the explorer sets, the only one allowed.
const AppTitle = "Follicle"

// CheckScreen checks what a terminal program wrote. A frame (raw false) may
// hold only SGR colour sequences and OSC 8 links to safe URLs; a raw
// terminal stream (raw true, what a renderer writes: cursor moves, modes,
// queries) may also hold any other CSI sequence, two-character escapes,
// carriage returns and backspaces, OSC 10/11/12 colour queries and the app's own
// window title. Any other escape, any
// other control character and any leftover of the hostile payload fails.
func CheckScreen(name string, out []byte, raw bool) error {
	s := string(out)
	var plain strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '\r' || c == '\b') && raw { // the renderer's own cursor moves
			continue
		}
		if c != 0x1b {
			plain.WriteByte(c)
			continue
		}
		end, err := checkEscape(s, i, raw)
		if err != nil {
			return fmt.Errorf("%s: %w at byte %d: %q", name, err, i, around(out, i))
		}
		i = end
	}
	return CheckPlain(name+" (text between escapes)", []byte(plain.String()))
}

// checkEscape validates the escape sequence at s[i] and returns the index
// of its last byte.
func checkEscape(s string, i int, raw bool) (int, error) {
	if i+1 >= len(s) {
		return i, fmt.Errorf("lone ESC")
	}
	switch s[i+1] {
	case '[':
		j := i + 2
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
			j++
		}
		if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
			return i, fmt.Errorf("unterminated CSI")
		}
		if !raw && (s[j] != 'm' || strings.ContainsAny(s[i+2:j], "<=>?")) {
			return i, fmt.Errorf("CSI %q in a frame (only SGR colours belong there)", s[i:j+1])
		}
		return j, nil
	case ']':
		return checkOSC(s, i, raw)
	}
	if raw && s[i+1] >= 0x20 && s[i+1] <= 0x7e && s[i+1] != 'P' && s[i+1] != 'X' && s[i+1] != '^' && s[i+1] != '_' {
		return i + 1, nil
	}
	return i, fmt.Errorf("escape %q", s[i:min(len(s), i+2)])
}

func checkOSC(s string, i int, raw bool) (int, error) {
	body, end := "", -1
	for j := i + 2; j < len(s); j++ {
		if s[j] == 0x07 {
			body, end = s[i+2:j], j
			break
		}
		if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
			body, end = s[i+2:j], j+1
			break
		}
		if s[j] < 0x20 || s[j] == 0x7f {
			return i, fmt.Errorf("control %#x inside an OSC", s[j])
		}
	}
	if end < 0 {
		return i, fmt.Errorf("unterminated OSC")
	}
	if url, ok := strings.CutPrefix(body, "8;;"); ok {
		if !safeLink.MatchString(url) {
			return i, fmt.Errorf("OSC 8 link to %q", url)
		}
		return end, nil
	}
	if raw && (body == "10;?" || body == "11;?" || body == "12;?" || body == "2;"+AppTitle || body == "2;") {
		return end, nil
	}
	return i, fmt.Errorf("OSC %q", body)
}
