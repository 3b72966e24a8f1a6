package data_test

import (
	"strings"
	"testing"
)

// incompleteBibliography lists the bundled records known to lack a volume
// or pages, with why, until someone sees the missing part on a trustworthy
// page. Any other record without them fails, so new records arrive whole.
var incompleteBibliography = map[string]string{
	"29601622": "pages: the journal's page seen gives only the first page in its address",
	"36987539": "pages: the Acta Derm Venereol article number was not seen",
}

// authorListsToComplete are et al. records whose PubMed Central page (which
// shows every author) was a source but whose full author list was not
// copied; complete them and drop them from here.
var authorListsToComplete = map[string]bool{"27489426": true}

// pubMedTypes are the PubMed publication types the corpus uses; a type
// outside them is a typo or not PubMed's word.
var pubMedTypes = map[string]bool{
	"Journal Article": true, "Review": true, "Systematic Review": true, "Meta-Analysis": true,
	"Randomized Controlled Trial": true, "Controlled Clinical Trial": true, "Clinical Trial": true,
	"Clinical Trial, Phase I": true, "Clinical Trial, Phase II": true, "Clinical Trial, Phase III": true,
	"Clinical Trial, Phase IV": true, "Multicenter Study": true, "Observational Study": true,
	"Comparative Study": true, "Case Reports": true, "Letter": true, "Comment": true, "Editorial": true,
	"Practice Guideline": true, "Guideline": true, "Consensus Development Conference": true,
	"Research Support, Non-U.S. Gov't": true, "Research Support, N.I.H., Extramural": true,
	"Research Support, U.S. Gov't, Non-P.H.S.": true, "Validation Study": true, "Evaluation Study": true,
}

// TestBibliographyComplete: every record has its volume and pages (or
// article number), unless listed above; a listed record that is now whole
// must leave the list.
func TestBibliographyComplete(t *testing.T) {
	papers, _, _ := loadCorpus(t)
	seen := map[string]bool{}
	for _, p := range papers {
		why, listed := incompleteBibliography[p.PMID]
		seen[p.PMID] = listed
		whole := p.Volume != "" && p.Pages != ""
		switch {
		case !whole && !listed:
			t.Errorf("paper %s lacks its volume or pages (volume %q, pages %q)", p.PMID, p.Volume, p.Pages)
		case whole && listed:
			t.Errorf("paper %s is listed as incomplete (%s) but has volume and pages: drop it from the list", p.PMID, why)
		}
	}
	for pmid := range incompleteBibliography {
		if !seen[pmid] {
			t.Errorf("incompleteBibliography lists %s, which is not a bundled paper", pmid)
		}
	}
}

// TestAuthorRule: all authors when seen. A page that shows every author
// (a PubMed Central article) means the whole list is copied and et_al is
// false; et_al is for records whose pages showed only the first author(s).
// Names are unique within a record.
func TestAuthorRule(t *testing.T) {
	papers, _, _ := loadCorpus(t)
	for _, p := range papers {
		if p.EtAl && p.PMCID != "" && !authorListsToComplete[p.PMID] {
			t.Errorf("paper %s is in PubMed Central (%s), whose page lists every author: copy them all and drop et_al", p.PMID, p.PMCID)
		}
		if !p.EtAl && authorListsToComplete[p.PMID] {
			t.Errorf("paper %s has its full author list now: drop it from authorListsToComplete", p.PMID)
		}
		names := map[string]bool{}
		for _, a := range p.Authors {
			if names[strings.ToLower(a)] {
				t.Errorf("paper %s lists %s twice", p.PMID, a)
			}
			names[strings.ToLower(a)] = true
		}
	}
}

// TestPublicationTypes: PubMed's words only, each once.
func TestPublicationTypes(t *testing.T) {
	papers, _, _ := loadCorpus(t)
	for _, p := range papers {
		seen := map[string]bool{}
		for _, pt := range p.PubTypes {
			if !pubMedTypes[pt] {
				t.Errorf("paper %s: %q is not a PubMed publication type", p.PMID, pt)
			}
			if seen[pt] {
				t.Errorf("paper %s lists %q twice", p.PMID, pt)
			}
			seen[pt] = true
		}
	}
}
