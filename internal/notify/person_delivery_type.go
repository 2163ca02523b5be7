package notify

// PersonDelivery is one ledger row of a person with its campaign's name
// and state: the hotline console's "which notifications were sent when".
// (Contract for the hotline; notify.Service.PersonDeliveries fills it.)
type PersonDelivery struct {
	Delivery
	CampaignName  string
	CampaignState State
}
