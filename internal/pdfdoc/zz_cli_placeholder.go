package pdfdoc

// PLACEHOLDER from h5-cli until h5-letters is merged; delete on merge.

import (
	"errors"

	"github.com/breachdesk/breachdesk/internal/notify"
)

type LetterRenderer struct{}

func NewLetterRenderer() (*LetterRenderer, error) { return &LetterRenderer{}, nil }

func (r *LetterRenderer) RenderLetters(letters []notify.Letter) ([]byte, error) {
	return nil, errors.New("placeholder")
}
