package pubmedxml

import (
	"regexp"
	"strings"

	"github.com/follicle/follicle/store"
)

func trim(s string) string { return strings.TrimSpace(s) }

// convert maps one MedlineCitation (plus the PubmedData article IDs, when
// present) to a record.
func convert(c xmlCitation, ids []idValue) store.Record {
	a := c.Article
	p := store.Paper{
		PMID:     trim(c.PMID.Value),
		Title:    store.CleanText(string(a.Title)),
		Journal:  firstNonEmpty(c.MedlineJournalInfo.MedlineTA, a.Journal.ISOAbbreviation, a.Journal.Title),
		Volume:   trim(a.Journal.Issue.Volume),
		Issue:    trim(a.Journal.Issue.Issue),
		Pages:    pages(a),
		DOI:      doi(a, ids, c),
		PubTypes: cleanAll(a.PubTypes),
		Origin:   store.OriginImported,
	}
	p.Year, p.Month = pubDate(a)
	if len(a.Languages) > 0 {
		p.Language = trim(a.Languages[0])
	}
	for _, au := range a.Authors {
		if name := authorName(au); name != "" {
			p.Authors = append(p.Authors, name)
		}
	}
	// Labels are upper-cased as PubMed shows them ("BACKGROUND:"), which is
	// also how MEDLINE text writes them.
	for _, t := range a.AbstractTexts {
		if text := store.CleanText(t.Text); text != "" {
			p.Abstract = append(p.Abstract, store.Section{Label: strings.ToUpper(trim(t.Label)), Text: text})
		}
	}
	for _, k := range c.Keywords {
		if kw := store.CleanText(string(k)); kw != "" {
			p.Keywords = append(p.Keywords, kw)
		}
	}
	rec := store.Record{Paper: p, Version: max(1, c.PMID.Version)}
	for _, h := range c.MeshHeadings {
		heading := store.MeSHHeading{UI: trim(h.Descriptor.UI), Name: trim(h.Descriptor.Value), Major: h.Descriptor.Major == "Y"}
		for _, q := range h.Qualifiers {
			heading.Qualifiers = append(heading.Qualifiers, trim(q.Value))
			heading.Major = heading.Major || q.Major == "Y"
		}
		rec.Headings = append(rec.Headings, heading)
		rec.Paper.MeSH = append(rec.Paper.MeSH, heading.Name)
	}
	for _, ch := range c.Chemicals {
		rec.Chemicals = append(rec.Chemicals, store.Substance{UI: trim(ch.Name.UI), Name: trim(ch.Name.Value)})
	}
	return rec
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = trim(v); v != "" {
			return v
		}
	}
	return ""
}

func cleanAll(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = store.CleanText(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

var yearRe = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`)

// pubDate reads the journal issue date, falling back on MedlineDate
// ("2008 Nov-Dec") and then on the electronic article date.
func pubDate(a xmlArticle) (int, string) {
	d := a.Journal.Issue.PubDate
	year := atoi(d.Year)
	month := store.MonthName(d.Month)
	if year == 0 && d.MedlineDate != "" {
		year = atoi(yearRe.FindString(d.MedlineDate))
		if parts := strings.Fields(d.MedlineDate); len(parts) > 1 {
			month = store.MonthName(strings.SplitN(parts[1], "-", 2)[0])
		}
	}
	if year == 0 && len(a.ArticleDates) > 0 {
		year = atoi(a.ArticleDates[0].Year)
	}
	return year, month
}

func atoi(s string) int {
	n := 0
	for _, c := range trim(s) {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func pages(a xmlArticle) string {
	if p := trim(a.Pagination.MedlinePgn); p != "" {
		return p
	}
	if s, e := trim(a.Pagination.StartPage), trim(a.Pagination.EndPage); s != "" && e != "" {
		return s + "-" + e
	} else if s != "" {
		return s
	}
	for _, e := range a.ELocationIDs {
		if e.Type == "pii" {
			return trim(e.Value)
		}
	}
	return ""
}

// doi prefers PubmedData's article ID list, then the article's ELocationID,
// then an OtherID that names one (the 2016 baseline format).
func doi(a xmlArticle, ids []idValue, c xmlCitation) string {
	for _, id := range ids {
		if id.Type == "doi" {
			return trim(id.Value)
		}
	}
	for _, e := range a.ELocationIDs {
		if e.Type == "doi" {
			return trim(e.Value)
		}
	}
	for _, o := range c.OtherIDs {
		if v := trim(o.Value); strings.HasPrefix(strings.ToLower(v), "doi:") {
			return trim(v[4:])
		}
	}
	return ""
}

func authorName(a xmlAuthor) string {
	if a.CollectiveName != "" {
		return store.CleanText(a.CollectiveName)
	}
	last := store.CleanText(a.LastName)
	if last == "" {
		return ""
	}
	if in := trim(a.Initials); in != "" {
		return last + " " + in
	}
	return last
}
