package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name string, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPlaybookImportOfABrokenFileNamesLineAndFieldAndImportsNothing(t *testing.T) {
	dir := newDesk(t)
	file := writeFile(t, "broken.yaml",
		"name: phishing",
		"title: Phishing wave",
		"kind: flood",
		"phases:",
		"  - name: First hours",
		"    tasks:",
		"      - title: Block the sender",
		"        due: aware+3x",
	)
	r := runCmd(t, nil, "", "playbook", "import", file, "--data", dir)
	r.expect(t, 1, []string{"is not a valid playbook", "nothing was imported", "line 3, kind:", "line 8, phases[0].tasks[0].due:"}, nil)
	list := mustRun(t, nil, "", "playbook", "list", "--data", dir)
	list.expect(t, 0, []string{"data-theft", "built in"}, []string{"phishing"})
}

func TestPlaybookImportOfAGoodFileAddsItToTheList(t *testing.T) {
	dir := newDesk(t)
	file := writeFile(t, "phishing.yaml",
		"name: phishing",
		"version: 2",
		"kind: account_compromise",
		"title:",
		"  en: Phishing wave",
		"  de: Phishing-Welle",
		"phases:",
		"  - name: First hours",
		"    tasks:",
		"      - title: Block the sender",
		"        due: aware+2h",
		"      - title: Reset the passwords of those who clicked",
		"        due: aware+4h",
	)
	r := runCmd(t, nil, "", "playbook", "import", file, "--data", dir)
	r.expect(t, 0, []string{`Imported the playbook "phishing", version 2: 2 tasks in 1 phases`}, nil)
	list := mustRun(t, nil, "", "playbook", "list", "--data", dir)
	list.expect(t, 0, []string{"phishing", "Phishing wave", "imported", "data-theft"}, nil)
	list = mustRun(t, nil, "", "playbook", "list", "--lang", "de", "--data", dir)
	list.expect(t, 0, []string{"Phishing-Welle"}, nil)
	taken := writeFile(t, "taken.yaml", "name: data-theft", "title: Mine", "phases:", "  - name: One", "    tasks:", "      - title: Do it")
	r = runCmd(t, nil, "", "playbook", "import", taken, "--data", dir)
	r.expect(t, 1, []string{"a built-in playbook is called"}, nil)
}
