//! The settings page's forms: every operator's own language and time zone, and (admins) the
//! organisation's time zone.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::auth::preferences;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::tz::{self, Tz, ZoneError};
use crate::validation::FieldErrors;
use crate::web::chrome::{Admin, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::extract::Form;
use crate::web::locale::Locale;
use crate::{db, installation};

#[derive(Template, WebTemplate)]
#[template(path = "settings/index.html")]
pub struct SettingsPage {
    pub ctx: PageCtx,
    /// `(code, native name)` of every language.
    pub languages: Vec<(&'static str, &'static str)>,
    pub zones: Vec<&'static str>,
    pub organisation_zone: String,
    /// What the preferences form shows: the stored choice or what was sent; empty = none.
    pub form_language: String,
    pub form_zone: String,
    pub errors: FieldErrors,
    pub now: DateTime<Utc>,
}

impl SettingsPage {
    /// Whether an option is the selected value.
    pub fn same(&self, selected: &str, option: &str) -> bool {
        selected == option
    }
}

async fn settings_page(state: &AppState, ctx: PageCtx) -> AppResult<SettingsPage> {
    let id = ctx.op.id;
    let (organisation_zone, own) = db::run(&state.pool, move |c| {
        let zone = installation::repo::time_zone(c)?;
        let own = crate::auth::repo::find_operator(c, id)?;
        Ok::<_, AppError>((zone, own))
    })
    .await?;
    let (form_language, form_zone) = own
        .map(|o| (o.language.unwrap_or_default(), o.time_zone.unwrap_or_default()))
        .unwrap_or_default();
    Ok(SettingsPage {
        ctx,
        languages: Lang::ALL.iter().map(|l| (l.code(), l.native_name())).collect(),
        zones: tz::zone_names(),
        organisation_zone,
        form_language,
        form_zone,
        errors: FieldErrors::new(),
        now: Utc::now(),
    })
}

pub async fn index(state: web::Data<AppState>, ctx: Viewer) -> AppResult<SettingsPage> {
    settings_page(&state, ctx.0).await
}

#[derive(Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
}

/// A zone refusal in the page's language.
fn zone_message(loc: &Locale, e: &ZoneError) -> String {
    match e {
        ZoneError::Empty => loc.t("timezone-required"),
        ZoneError::Unknown {
            given,
            suggestion: Some(s),
        } => loc.t2("timezone-did-you-mean", "given", given.as_str(), "suggestion", *s),
        ZoneError::Unknown {
            given,
            suggestion: None,
        } => loc.t1("timezone-unknown", "given", given.as_str()),
    }
}

/// The language and zone chosen (empty: none), or what is wrong with them.
fn parse_preferences(
    loc: &Locale,
    form: &PreferencesForm,
) -> Result<(Option<Lang>, Option<Tz>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let lang = match form.language.trim() {
        "" => None,
        code => Lang::from_code(code).or_else(|| {
            errors.add("language", loc.t("prefs-language-unknown"));
            None
        }),
    };
    let zone = match form.time_zone.trim() {
        "" => None,
        name => tz::parse_zone(name)
            .map_err(|e| errors.add("time_zone", zone_message(loc, &e)))
            .ok(),
    };
    errors.into_result((lang, zone))
}

/// Saves the operator's own language and time zone (any role: it is their own account).
pub async fn save_preferences(
    state: web::Data<AppState>,
    ctx: Viewer,
    form: Form<PreferencesForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match parse_preferences(&ctx, &form) {
        Ok((lang, zone)) => {
            let (actor, id) = (ctx.op.actor(), ctx.op.id);
            db::run(&state.pool, move |c| {
                preferences::set_own(c, &actor, id, lang, zone)
            })
            .await?;
            Ok(redirect_with_flash(
                "/settings",
                Flash::new("preferences_saved", ""),
            ))
        }
        Err(errors) => {
            let mut page = settings_page(&state, ctx.0).await?;
            page.form_language = form.language;
            page.form_zone = form.time_zone;
            page.errors = errors;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Deserialize)]
pub struct OrganisationForm {
    #[serde(default)]
    time_zone: String,
}

/// Saves the organisation's time zone (admins).
pub async fn save_organisation(
    state: web::Data<AppState>,
    ctx: Admin,
    form: Form<OrganisationForm>,
) -> AppResult<HttpResponse> {
    match tz::parse_zone(&form.time_zone) {
        Ok(zone) => {
            let actor = ctx.op.actor();
            db::run(&state.pool, move |c| {
                preferences::set_organisation_zone(c, &actor, zone)
            })
            .await?;
            Ok(redirect_with_flash(
                "/settings",
                Flash::new("organisation_zone_saved", zone.name()),
            ))
        }
        Err(e) => {
            let message = zone_message(&ctx, &e);
            let mut page = settings_page(&state, ctx.0).await?;
            page.errors = FieldErrors::one("organisation_time_zone", message);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
