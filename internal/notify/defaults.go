package notify

// DefaultContents are the starting texts in German, English and Chinese,
// with the structure regulators expect (GDPR Art. 34(2) with Art.
// 33(3)(b)-(d)): what happened, which of the person's data was involved,
// what the company does, what the person can do, whom to ask, and the
// data protection officer. The parts only the company can write are notes
// in [[ ]]: the checker refuses to send until they are replaced.
func DefaultContents() []Content {
	return []Content{
		{Lang: "de", Subject: "Sicherheitsvorfall bei {{company}}: Ihre Daten sind betroffen", Body: defaultDE},
		{Lang: "en", Subject: "Security incident at {{company}}: your data is affected", Body: defaultEN},
		{Lang: "zh", Subject: "{{company}}安全事件：您的个人信息受到影响", Body: defaultZH},
	}
}

const defaultDE = `{{salutation}}

wir wenden uns heute direkt an Sie, weil bei einem Sicherheitsvorfall bei {{company}} auch Daten von Ihnen in fremde Hände gelangt sind. Das tut uns sehr leid. Hier erfahren Sie, was geschehen ist, welche Ihrer Daten betroffen sind und was Sie jetzt tun können.

## Was ist passiert?

[[Beschreiben Sie in zwei oder drei Sätzen, was geschah und wann, zum Beispiel: Am 20. November haben wir bemerkt, dass Unbekannte in eines unserer Systeme eingedrungen sind und Kundendaten kopiert haben.]]

## Welche Ihrer Daten betroffen sind

In den kopierten Daten haben wir diese Angaben über Sie gefunden:

{{categories}}

## Was wir unternehmen

[[Passen Sie die Liste an das an, was Sie tatsächlich getan haben, und löschen Sie dann diesen Hinweis.]]
- Wir haben den Zugang der Angreifer gesperrt und die betroffenen Systeme abgesichert.
- Wir arbeiten mit Fachleuten für IT-Sicherheit zusammen und haben Anzeige bei der Polizei erstattet.
- Wir haben die zuständige Datenschutz-Aufsichtsbehörde informiert.

## Was Sie tun können

- **Passwörter:** Wenn Sie das Passwort Ihres Kontos bei uns auch anderswo verwenden, ändern Sie es dort. Nehmen Sie für jeden Dienst ein eigenes Passwort.
- **Vorsicht bei Nachrichten:** Betrüger könnten Ihre Daten nutzen, um Ihnen glaubwürdige E-Mails, SMS oder Anrufe zu schicken. Wir fragen Sie nie nach Passwörtern, PINs oder TANs. Öffnen Sie keine unerwarteten Anhänge oder Links.
- **Bank:** Prüfen Sie in den nächsten Monaten Ihre Kontoauszüge und Kreditkartenabrechnungen. Melden Sie Abbuchungen, die Sie nicht kennen, sofort Ihrer Bank.
- Wenn Sie glauben, dass jemand Ihre Daten missbraucht, erstatten Sie Anzeige bei der Polizei.

## Weitere Informationen

Bei Fragen erreichen Sie uns über unsere Hotline {{hotline}} oder per E-Mail an {{inbox}}. Bitte nennen Sie dabei Ihre Referenz {{reference}}. Neuigkeiten zum Vorfall finden Sie unter {{updates_url}}.

Unseren Datenschutzbeauftragten erreichen Sie unter: [[Name und Kontaktdaten der oder des Datenschutzbeauftragten]]

Mit freundlichen Grüßen
{{company}}
`

const defaultEN = `{{salutation}}

We are writing to you directly because some of your data was taken in a security incident at {{company}}. We are very sorry. This message explains what happened, which of your data is involved and what you can do now.

## What happened

[[Describe in two or three sentences what happened and when, for example: On 20 November we found that someone had broken into one of our systems and copied customer records.]]

## What information of yours was involved

In the copied data we found the following information about you:

{{categories}}

## What we are doing

[[Change this list to what you have actually done, then delete this note.]]
- We have shut the attackers out and secured the systems involved.
- We are working with IT security experts and have reported the crime to the police.
- We have told the data protection authority.

## What you can do

- **Passwords:** If you use the password of your account with us anywhere else, change it there. Use a different password for each service.
- **Watch out for fraud:** Criminals may use your data to send you convincing e-mails, text messages or calls. We will never ask you for passwords, PINs or one-time codes. Do not open attachments or links you did not expect.
- **Your bank:** Check your bank and card statements over the coming months, and tell your bank straight away about any payment you do not recognise.
- If you think someone is misusing your data, report it to the police.

## For more information

If you have questions, call our hotline on {{hotline}} or write to {{inbox}}, and please give your reference {{reference}}. We post news about the incident at {{updates_url}}.

You can reach our data protection officer at: [[name and contact details of the data protection officer]]

Kind regards
{{company}}
`

const defaultZH = `{{salutation}}

我们直接与您联系，是因为{{company}}发生了一起安全事件，您的部分个人信息被他人获取。对此我们深表歉意。本通知将说明发生了什么、涉及您的哪些信息，以及您现在可以做些什么。

## 发生了什么

[[请用两三句话说明事件经过和时间，例如：11月20日，我们发现有人侵入了我们的一个系统并复制了客户数据。]]

## 涉及您的哪些信息

我们在被复制的数据中发现了以下与您有关的信息：

{{categories}}

## 我们正在采取的措施

[[请根据实际采取的措施修改以下列表，然后删除此提示。]]
- 我们已阻断攻击者的访问，并加固了受影响的系统。
- 我们正在与信息安全专家合作，并已向警方报案。
- 我们已向数据保护监管机构报告了此事件。

## 您可以采取的措施

- **密码：**如果您在其他地方也使用了与我们账户相同的密码，请在那里更改。请为每项服务使用不同的密码。
- **谨防诈骗：**不法分子可能利用您的信息，向您发送看似可信的电子邮件、短信或拨打电话。我们绝不会向您索要密码、PIN码或验证码。请勿打开您未预期的附件或链接。
- **银行账户：**请在未来几个月留意您的银行和信用卡账单，如发现不明扣款，请立即告知您的银行。
- 如果您认为有人正在滥用您的信息，请向警方报案。

## 了解更多信息

如有疑问，请拨打我们的热线电话{{hotline}}，或发送电子邮件至{{inbox}}，并注明您的参考编号{{reference}}。有关此事件的最新消息，请访问 {{updates_url}}

您可以通过以下方式联系我们的数据保护官：[[数据保护官的姓名和联系方式]]

此致
敬礼

{{company}}
`
