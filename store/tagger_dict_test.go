package store

import (
	"reflect"
	"testing"
)

func testRecogniser() *Recogniser {
	return NewRecogniser([]DictName{
		{Text: "Alopecia Areata", ID: "D000506"},
		{Text: "Alopecia", ID: "D000505"},
		{Text: "Acquired Immunodeficiency Syndrome", ID: "D000163"},
		{Text: "AIDS", ID: "D000163", Rank: 1},
		{Text: "5-FU", ID: "D005472", Rank: 1},
		{Text: "Fluorouracil", ID: "D005472"},
		{Text: "Seizure", ID: "D012640"},
		{Text: "Anti-Inflammatory Agents", ID: "D000893"},
		{Text: "Lead", ID: "D007854"},
		{Text: "Lead Poisoning", ID: "D007855"},
		{Text: "Hypertension, Pulmonary", ID: "D006976"},
		{Text: "Pulmonary Hypertension", ID: "D006976", Rank: 1},
		{Text: "Kidney Diseases", ID: "D007674"},
		{Text: "Amino Acids", ID: "D000596"},
		{Text: "H", ID: "D006859"},
		{Text: "Da", ID: "D004298"},
		{Text: "Kidney Failure", ID: "D051437"},
		{Text: "Hemorrhage", ID: "D006470"},
		{Text: "Depression", ID: "D003863"},
		{Text: "Depression", ID: "DOID:1596", Rank: 1},
	}, nil)
}

func TestRecogniserFind(t *testing.T) {
	r := testRecogniser()
	cases := []struct {
		name, text string
		want       []string
	}{
		{"any case", "ALOPECIA AREATA and alopecia areata", []string{"D000506"}},
		{"longest match", "alopecia areata", []string{"D000506"}},
		{"token boundary", "alopecias and nonalopecia", []string{"D000505"}},
		{"plural", "recurrent seizures", []string{"D012640"}},
		{"plural -ies", "kidney disease", []string{"D007674"}},
		{"hyphen variant", "antiinflammatory agent", []string{"D000893"}},
		{"space variant", "anti inflammatory agents", []string{"D000893"}},
		{"short capitals only in capitals", "AIDS patients, hearing aids", []string{"D000163"}},
		{"short form with a digit", "5-FU and 5 FU", []string{"D005472"}},
		{"stop list keeps a word out", "these findings lead to", nil},
		{"a stopped word inside a longer name", "lead poisoning", []string{"D007855"}},
		{"uninverted heading", "pulmonary hypertension", []string{"D006976"}},
		{"one- and two-letter names never match", "H & E staining at 3 Da", nil},
		{"rank keeps the best meaning", "depression", []string{"D003863"}},
		{"abbreviation defined in the text", "alopecia areata (AA) ... in AA patients", []string{"D000506"}},
		{"abbreviation case sensitive", "alopecia areata (AA) ... an aa battery", []string{"D000506"}},
		{"abbreviation defined as something unknown is not a name", "acquired immune deficit syndrome (AIDS) is not ours; AIDS", nil},
		{"abbreviation of a known long form", "amino acids (AAs) and AAs", []string{"D000596"}},
		{"organ adjective", "acute renal failure", []string{"D051437"}},
		{"British spelling", "intracranial haemorrhages", []string{"D006470"}},
		{"empty", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := IDsOf(r.Find(tc.text))
			if len(got) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Find(%q) = %v, want %v (%+v)", tc.text, got, tc.want, r.Find(tc.text))
			}
		})
	}
}

func TestRecogniserSpans(t *testing.T) {
	r := testRecogniser()
	text := "Alopecia areata (AA): AA and 5-FU."
	got := r.Find(text)
	want := []struct{ s string }{{"Alopecia areata"}, {"AA"}, {"AA"}, {"5-FU"}}
	if len(got) != len(want) {
		t.Fatalf("matches %+v", got)
	}
	for i, m := range got {
		if text[m.Start:m.End] != want[i].s {
			t.Fatalf("match %d is %q, want %q", i, text[m.Start:m.End], want[i].s)
		}
	}
	if !got[1].Abbrev || got[0].Abbrev {
		t.Fatalf("abbreviation flags %+v", got)
	}
}

func TestSchwartzHearst(t *testing.T) {
	cases := []struct {
		sf, lf string
		ok     bool
		start  int
	}{
		{"aa", "with alopecia areata", true, 14}, // their shortest long form
		{"hsf", "heat shock transcription factor", true, 0},
		{"xyz", "alopecia areata", false, 0},
		{"5-fu", "given 5-fluorouracil", true, 6},
	}
	for _, c := range cases {
		start, ok := bestLongForm(c.sf, c.lf)
		if ok != c.ok || (ok && start != c.start) {
			t.Errorf("bestLongForm(%q, %q) = %d %v", c.sf, c.lf, start, ok)
		}
	}
}

func FuzzRecogniserFind(f *testing.F) {
	r := testRecogniser()
	f.Add("alopecia areata (AA) in AA")
	f.Add("(((")
	f.Add("x (5-FU; n) é (ÉÉ)")
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, m := range r.Find(text) {
			if m.Start < prev || m.End <= m.Start || m.End > len(text) || len(m.IDs) == 0 {
				t.Fatalf("bad match %+v in %q", m, text)
			}
			prev = m.End
		}
	})
}
