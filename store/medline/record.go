package medline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/follicle/follicle/store"
)

// buildRecord turns the fields of one record into a store.Record.
func buildRecord(fields []field) (store.Record, error) {
	var rec store.Record
	var fullAuthors []string
	for _, f := range fields {
		if f.tag == "PMID" && !store.ValidPMID(strings.TrimSpace(f.value)) {
			// Checked before cleaning: "77<ESC>]0;…" is not PMID 77.
			return rec, fmt.Errorf("PMID %s is not a PubMed ID (digits only)", store.QuoteID(f.value))
		}
		v := store.CleanText(f.value)
		if f.tag == "FAU" {
			fullAuthors = append(fullAuthors, v)
			continue
		}
		applyField(&rec, f.tag, v)
	}
	p := &rec.Paper
	if len(p.Authors) == 0 {
		for _, fa := range fullAuthors {
			p.Authors = append(p.Authors, ShortAuthor(fa))
		}
	}
	if p.PMID == "" {
		return rec, errNoPMID
	}
	p.Origin = store.OriginImported
	rec.Version = 1
	store.CleanRecord(&rec)
	return rec, nil
}

// applyField sets what one tag says; unknown tags are ignored.
func applyField(rec *store.Record, tag, v string) {
	p := &rec.Paper
	switch tag {
	case "PMID":
		p.PMID = v
	case "TI":
		p.Title = v
	case "AB":
		p.Abstract = SplitSections(v)
	case "AU", "CN":
		p.Authors = append(p.Authors, v)
	case "TA":
		p.Journal = v
	case "JT":
		if p.Journal == "" {
			p.Journal = v
		}
	case "DP":
		p.Year, p.Month = parseDate(v)
	case "VI":
		p.Volume = v
	case "IP":
		p.Issue = v
	case "PG":
		p.Pages = v
	case "LID", "AID":
		if doi, ok := strings.CutSuffix(v, " [doi]"); ok && p.DOI == "" {
			p.DOI = strings.TrimSpace(doi)
		}
	case "PT":
		p.PubTypes = append(p.PubTypes, v)
	case "MH":
		h := parseHeading(v)
		rec.Headings = append(rec.Headings, h)
		p.MeSH = append(p.MeSH, h.Name)
	case "OT":
		p.Keywords = append(p.Keywords, v)
	case "LA":
		if p.Language == "" {
			p.Language = v
		}
	case "RN":
		rec.Chemicals = append(rec.Chemicals, parseSubstance(v))
	}
}

// parseDate reads DP values such as "2023 Jun 9", "2019 Spring" and
// "2008 Nov-Dec".
func parseDate(v string) (int, string) {
	parts := strings.Fields(v)
	if len(parts) == 0 {
		return 0, ""
	}
	year, _ := strconv.Atoi(firstDigits(parts[0]))
	month := ""
	if len(parts) > 1 {
		month = store.MonthName(strings.SplitN(parts[1], "-", 2)[0])
	}
	return year, month
}

func firstDigits(s string) string {
	if len(s) >= 4 {
		s = s[:4]
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return s
}

// parseHeading reads "Alopecia Areata/*drug therapy" into a heading.
func parseHeading(v string) store.MeSHHeading {
	parts := strings.Split(v, "/")
	h := store.MeSHHeading{Name: strings.TrimPrefix(parts[0], "*")}
	h.Major = strings.HasPrefix(parts[0], "*")
	for _, q := range parts[1:] {
		if strings.HasPrefix(q, "*") {
			h.Major = true
		}
		h.Qualifiers = append(h.Qualifiers, strings.TrimPrefix(q, "*"))
	}
	return h
}

// parseSubstance reads "ISP4442I3Y (baricitinib)" or "0 (Janus Kinase Inhibitors)".
func parseSubstance(v string) store.Substance {
	open := strings.Index(v, " (")
	if open < 0 || !strings.HasSuffix(v, ")") {
		return store.Substance{Name: v}
	}
	ui := strings.TrimSpace(v[:open])
	if ui == "0" {
		ui = ""
	}
	return store.Substance{UI: ui, Name: v[open+2 : len(v)-1]}
}

// ShortAuthor turns "King, Brett A" into "King BA", PubMed's short form.
func ShortAuthor(full string) string {
	last, first, ok := strings.Cut(full, ",")
	if !ok {
		return strings.TrimSpace(full)
	}
	var initials strings.Builder
	for _, w := range strings.FieldsFunc(first, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		r := []rune(w)
		if len(r) > 0 {
			initials.WriteRune(r[0])
		}
	}
	return strings.TrimSpace(last) + " " + strings.ToUpper(initials.String())
}

// sectionLabel matches a structured-abstract label: upper-case words and a
// colon, at the start or after a sentence.
var sectionLabel = regexp.MustCompile(`(?:^|[.?!)\]]\s+)([A-Z][A-Z ,/&'-]{2,60}):\s`)

// SplitSections splits a structured abstract ("BACKGROUND: … METHODS: …")
// into labelled sections; plain text is one unlabelled section.
func SplitSections(text string) []store.Section {
	if text == "" {
		return nil
	}
	locs := sectionLabel.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return []store.Section{{Text: text}}
	}
	var out []store.Section
	if lead := strings.TrimSpace(text[:locs[0][2]]); lead != "" {
		out = append(out, store.Section{Text: lead})
	}
	for i, l := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		body := strings.TrimSpace(text[l[1]:end])
		out = append(out, store.Section{Label: text[l[2]:l[3]], Text: body})
	}
	return out
}
