package store

import "strings"

// DefaultStopWords are one-word names a vocabulary holds that are, in an
// abstract, almost always an ordinary or a laboratory word: "lead" (the
// verb), "water", "contrast", "death" or "H" (of H & E staining) would
// otherwise tag every other paper. Multi-word names are never stopped.
var DefaultStopWords = stopSet(`
a an and are as at be by for from has have in is it of on or the to was were with
lead water air salt light heat cold sugar tin
contrast control controls placebo vehicle saline buffer medium media serum plasma blood
urine solution agent agents drug drugs compound compounds substance substances chemical
chemicals product products treatment therapy dose doses level levels acid acids base
death disease diseases disorder disorders syndrome syndromes injury injuries lesion lesions
toxicity abnormality abnormalities symptom symptoms sign signs condition conditions
brain heart liver kidney lung skin bone muscle nerve cell cells tissue body
protein proteins enzyme enzymes gene genes hormone hormones receptor receptors factor factors
peptide peptides antibody antibodies antigen antigens lipid lipids
energy mass weight volume pressure rate ratio time age sex male female
normal rest sleep stress growth development aging ageing pregnancy birth
label labels marker markers stain staining dye dyes fixative
emergency recurrence tablet tablets capsule capsules dna rna carcinogen monitor
date balance element elements gel gels carbon analgesia merlin
smoking smoke protease kinase hydrogen dimension
`)

func stopSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}
