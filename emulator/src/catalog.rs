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

/// Brand-ish colours of the known services (others get a neutral grey).
const COLOURS: &[(&str, &str)] = &[
    ("appmixer:slack", "#4a154b"),
    ("appmixer:google", "#4285f4"),
    ("appmixer:microsoft", "#0078d4"),
    ("appmixer:salesforce", "#00a1e0"),
    ("appmixer:hubspot", "#ff7a59"),
    ("appmixer:github", "#24292f"),
    ("appmixer:trello", "#0079bf"),
    ("appmixer:twilio", "#f22f46"),
    ("appmixer:mailchimp", "#ffe01b"),
];

/// The icon of a service's accounts: an SVG data URI (a rounded square in
/// the service's colour with its initial).
pub fn icon_for(service: &str) -> String {
    use base64::Engine;
    let colour = COLOURS
        .iter()
        .find(|(s, _)| *s == service)
        .map_or("#6b7280", |(_, c)| c);
    let name = service.rsplit(':').next().unwrap_or(service);
    let initial = name
        .chars()
        .find(|c| c.is_ascii_alphanumeric())
        .map_or('?', |c| c.to_ascii_uppercase());
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="{colour}"/><text x="16" y="22" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#fff">{initial}</text></svg>"##
    );
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

/// Whether `s` looks like a service ID: `vendor:service`, both parts made of
/// letters, digits, `-`, `_` or `.`.
pub fn is_service_id(s: &str) -> bool {
    let ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    matches!(s.split_once(':'), Some((v, n)) if ok(v) && ok(n))
}

#[cfg(test)]
mod tests {
    use super::{icon_for, is_service_id, service_for};

    #[test]
    fn service_ids_and_icons() {
        assert!(is_service_id("appmixer:slack"));
        assert!(is_service_id("acme:my-service.v2"));
        for bad in ["", "slack", "appmixer:", ":slack", "a:b:c", "a b:c"] {
            assert!(!is_service_id(bad), "{bad}");
        }
        assert!(icon_for("appmixer:slack").starts_with("data:image/svg+xml;base64,"));
        assert_ne!(icon_for("appmixer:slack"), icon_for("appmixer:google"));
    }

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
