//! Which component types need an account of which service.

/// Component-type prefixes and the service their accounts belong to. The
/// first matching prefix wins; types that match none (e.g. `appmixer.utils.*`)
/// need no account.
pub const SERVICES: &[(&str, &str)] = &[
    ("appmixer.utils.", ""),
    ("appmixer.slack.", "appmixer:slack"),
    ("appmixer.google.", "appmixer:google"),
    ("appmixer.microsoft.", "appmixer:microsoft"),
    ("appmixer.salesforce.", "appmixer:salesforce"),
    ("appmixer.hubspot.", "appmixer:hubspot"),
    ("appmixer.github.", "appmixer:github"),
    ("appmixer.trello.", "appmixer:trello"),
    ("appmixer.twilio.", "appmixer:twilio"),
    ("appmixer.mailchimp.", "appmixer:mailchimp"),
];

/// The service whose account a component of type `component_type` needs.
pub fn service_for(component_type: &str) -> Option<&'static str> {
    SERVICES
        .iter()
        .find(|(prefix, _)| component_type.starts_with(prefix))
        .map(|(_, service)| *service)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::service_for;

    #[test]
    fn catalog_lookups() {
        assert_eq!(
            service_for("appmixer.slack.list.SendChannelMessage"),
            Some("appmixer:slack")
        );
        assert_eq!(
            service_for("appmixer.google.gmail.NewEmail"),
            Some("appmixer:google")
        );
        assert_eq!(service_for("appmixer.utils.timers.Timer"), None);
        assert_eq!(service_for("acme.custom.Thing"), None);
    }
}
