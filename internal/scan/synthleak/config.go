package synthleak

import (
	"math/rand/v2"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The configuration of the order service, copied along with the data:
// secrets of known shapes (an AWS access key, a GitHub token, a Stripe
// live key, a JWT, a private key block) and passwords, next to decoys that
// look like secrets or IP addresses but are none (a UUID, a SHA-256
// checksum, version numbers). Each file is one document record; neither
// makes a person.

const (
	envPath      = "config/app.env"
	settingsPath = "config/settings.yaml"
	internalIP   = "10.12.0.5"
)

// writeConfig writes config/app.env and config/settings.yaml.
func (g *generator) writeConfig() error {
	if err := g.writeEnv(g.rngFor(envPath)); err != nil {
		return err
	}
	return g.writeSettings(g.rngFor(settingsPath))
}

func (g *generator) writeEnv(rng *rand.Rand) error {
	password := configPassword(rng)
	aws, github, stripe := awsAccessKey(rng), githubToken(rng), stripeKey(rng)
	token := jwt(rng, "svc-orders", g.now.AddDate(0, -2, 0).Unix())
	instance, checksum := uuid(rng), sha256Hex(rng)
	g.led.decoy("uuid", instance)
	g.led.decoy("sha256", checksum)
	g.led.versionDecoy("release v", "1.2.3.4")
	g.led.versionDecoy("(build=", "1.2.3.4")
	text := strings.Join([]string{
		"# order service, production",
		"# deployed release v1.2.3.4 (build=1.2.3.4)",
		"APP_ENV=production",
		"APP_INSTANCE_ID=" + instance,
		"DB_HOST=db-primary.internal",
		"DB_PORT=3306",
		"DB_USER=order_service",
		"DB_PASSWORD=" + password,
		"AWS_ACCESS_KEY_ID=" + aws,
		"AWS_REGION=cn-north-1",
		"GITHUB_TOKEN=" + github,
		"STRIPE_API_KEY=" + stripe,
		"SESSION_SIGNING_JWT=" + token,
		"RELEASE_SHA256=" + checksum,
	}, "\n") + "\n"
	book := g.led.file(envPath, "text")
	r := book.doc()
	r.add(detect.Credential, "password", password)
	r.add(detect.Secret, "aws_access_key", aws)
	r.add(detect.Secret, "github_token", github)
	r.add(detect.Secret, "stripe_key", stripe)
	r.add(detect.Secret, "jwt", token)
	book.end()
	size, err := g.writeFile(envPath, []byte(text))
	book.close(size)
	return err
}

func (g *generator) writeSettings(rng *rand.Rand) error {
	password := configPassword(rng)
	key := privateKey(rng, "    ")
	instance, checksum := uuid(rng), sha256Hex(rng)
	g.led.decoy("uuid", instance)
	g.led.decoy("sha256", checksum)
	g.led.versionDecoy("order-service:v", "2.14.0.3")
	text := strings.Join([]string{
		"# order service settings",
		"service:",
		"  image: registry.internal/order-service:v2.14.0.3",
		"  instance: " + instance,
		"database:",
		"  host: " + internalIP,
		"  port: 3306",
		"  user: order_service",
		`  password: "` + password + `"`,
		"tls:",
		"  private_key: |",
		"    " + key,
		"checksums:",
		"  release_sha256: " + checksum,
	}, "\n") + "\n"
	book := g.led.file(settingsPath, "text")
	r := book.doc()
	r.add(detect.IPAddress, "", internalIP)
	r.add(detect.Credential, "password", password)
	r.add(detect.Secret, "private_key", key)
	book.end()
	size, err := g.writeFile(settingsPath, []byte(text))
	book.close(size)
	return err
}

// configPassword is a database password: letters and at most two digits,
// so that it reads as nothing but a password.
func configPassword(rng *rand.Rand) string {
	const letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
	return randString(rng, letters, 8) + randString(rng, digits, 2) + randString(rng, letters, 6)
}
