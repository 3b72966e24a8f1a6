package vocab

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/follicle/follicle/internal/testdata"
	"github.com/follicle/follicle/store"
	"github.com/follicle/follicle/store/pubtator"
)

// realSet merges the three real vocabularies.
func realVocabularies(b testing.TB) []Vocabulary {
	return []Vocabulary{readReal(b, "mesh2017_MeshTree.tsv.gz"), readReal(b, "doid_2024-01-31.obo.gz"), readReal(b, "drugbank_vocabulary.csv.gz")}
}

// abstracts returns the title and abstract of every BC5CDR development
// paper, as the importer tags them.
func abstracts(b testing.TB) []string {
	f, err := os.Open(testdata.Path(b, "bc5cdr", "CDR_DevelopmentSet.PubTator.txt"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := pubtator.NewReader(f, "dev")
	var out []string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, rec.Paper.LinkedText())
	}
}

// cpuTime is the process's user and system CPU time: on a shared machine
// (the project's has two cores for up to eight sessions) wall time counts
// other processes' turns, so speed is reported per CPU second, which is
// what "per core" means.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRecogniserFind tags real abstracts (BC5CDR development set,
// about 1,300 characters each) with the recogniser over the three real
// vocabularies plus every other MeSH heading (so it holds 100,000+
// names): abstracts per CPU second ("abstracts/cpu-s", the aim is 5,000
// or more) and per wall second, and the ratio to a reference pass that
// only lower-cases and splits the same text into words (the least any
// tagger does), measured in the same run.
func BenchmarkRecogniserFind(b *testing.B) {
	lex := Build(append(realVocabularies(b), allMeSHHeadings(b)), nil, DefaultLearnRules, 1)
	texts := abstracts(b)
	ref := func() time.Duration {
		start := cpuTime()
		for i := range len(texts) * 4 {
			_ = len(strings.Fields(strings.ToLower(texts[i%len(texts)])))
		}
		return (cpuTime() - start) / time.Duration(len(texts)*4)
	}
	refPer := ref()
	start := cpuTime()
	n := 0
	for b.Loop() {
		lex.Recogniser.Find(texts[n%len(texts)])
		n++
	}
	cpu := cpuTime() - start
	b.ReportMetric(float64(lex.Recogniser.Names()), "names")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "abstracts/s")
	b.ReportMetric(float64(n)/cpu.Seconds(), "abstracts/cpu-s")
	b.ReportMetric(float64(cpu)/float64(n)/float64(max(refPer, 1)), "x-reference")
}

// allMeSHHeadings is every descriptor of the MeSH tree file, whatever its
// branch, as a user vocabulary: names the benchmark adds to reach 100,000.
func allMeSHHeadings(b testing.TB) Vocabulary {
	f, err := os.Open(testdata.Path(b, "vocab", "mesh2017_MeshTree.tsv.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	v := Vocabulary{Name: "all-mesh", Format: FormatTSV}
	seen := map[string]bool{}
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) == 3 && IsMeSHUI(cols[1]) && !seen[cols[1]] {
			seen[cols[1]] = true
			v.Concepts = append(v.Concepts, Concept{ID: "all-" + cols[1], Kind: store.KindDrug, Name: cols[2] + " heading"})
		}
	}
	return v
}

// BenchmarkLexiconLoad measures what an import pays before its first
// record: decoding the library's stored vocabularies, merging them and
// building the recogniser.
func BenchmarkLexiconLoad(b *testing.B) {
	start := cpuTime()
	defer func() {
		b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/load")
	}()
	var stored [][]byte
	var formats []string
	for _, v := range realVocabularies(b) {
		sv, err := Encode(v)
		if err != nil {
			b.Fatal(err)
		}
		stored = append(stored, sv.Data)
		formats = append(formats, v.Format)
	}
	for b.Loop() {
		var vs []Vocabulary
		for i, data := range stored {
			v := Vocabulary{Format: formats[i]}
			if err := json.NewDecoder(bytes.NewReader(data)).Decode(&v.Concepts); err != nil {
				b.Fatal(err)
			}
			vs = append(vs, v)
		}
		Build(vs, []store.LearnedName(nil), DefaultLearnRules, 1)
	}
}
