package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// workflowFile is the GitHub Actions workflow the README and
// docs/TRANSLATING.md tell teams to copy.
const workflowFile = "../../.github/workflows/translations.yml"

// workflow is the part of a GitHub Actions workflow this test reads.
type workflow struct {
	On struct {
		PullRequest struct {
			Paths []string `yaml:"paths"`
		} `yaml:"pull_request"`
	} `yaml:"on"`
	Jobs map[string]struct {
		RunsOn string `yaml:"runs-on"`
		Steps  []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			With map[string]string `yaml:"with"`
			Run  string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestWorkflow parses the translation workflow, checks that it runs on pull
// requests touching locales/ with the Go of go.mod, and runs every errcat
// command it names, as the runner would: with bash, from the repository's
// root, against the shipped locales. Each must exit 0.
func TestWorkflow(t *testing.T) {
	data, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", workflowFile, err)
	}
	if !slices.Contains(wf.On.PullRequest.Paths, "locales/**") {
		t.Errorf("on.pull_request.paths is %q; want it to include locales/**", wf.On.PullRequest.Paths)
	}
	if len(wf.Jobs) == 0 {
		t.Fatal("the workflow has no jobs")
	}

	var commands []string
	for name, job := range wf.Jobs {
		if job.RunsOn == "" {
			t.Errorf("job %s: no runs-on", name)
		}
		checkout, setupGo := -1, -1
		for i, st := range job.Steps {
			action, _, _ := strings.Cut(st.Uses, "@")
			switch action {
			case "actions/checkout":
				checkout = i
			case "actions/setup-go":
				setupGo = i
				if st.With["go-version-file"] != "go.mod" {
					t.Errorf("job %s: actions/setup-go has go-version-file %q, want go.mod", name, st.With["go-version-file"])
				}
			}
			for line := range strings.SplitSeq(st.Run, "\n") {
				line = strings.TrimSpace(line)
				if strings.HasPrefix(line, "go run ./cmd/errcat ") {
					if checkout < 0 || setupGo < 0 {
						t.Errorf("job %s: %q runs before the checkout and actions/setup-go", name, line)
					}
					commands = append(commands, line)
				}
			}
		}
	}
	for _, want := range []string{"go run ./cmd/errcat lint --format github", "go run ./cmd/errcat missing"} {
		if !slices.Contains(commands, want) {
			t.Errorf("the workflow does not run %q (it runs %q)", want, commands)
		}
	}

	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to run the workflow's commands with")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the workflow's commands with")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range commands {
		t.Run(strings.TrimPrefix(line, "go run ./cmd/errcat "), func(t *testing.T) {
			// GitHub runs a step's script with bash -e.
			cmd := exec.Command(bash, "-e", "-c", line)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "ERRCAT_CACHE_DIR="+t.TempDir())
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s: %v\n%s", line, err, out)
			}
		})
	}
}
