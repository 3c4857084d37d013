//! The customer's satisfaction survey (`/survey/{token}`, SPEC section 6):
//! opened from the one-time link the service desk sends, no login. The
//! three questions are the handbook's (seed 002): 问题解决效果, 响应速度,
//! 服务态度, each 1 (worst) to 5 (best), and a comment.

use rapport_domain::visits::Satisfaction;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::frame::Frame;
use crate::i18n::{Lang, T};
use crate::services::Failure;
use crate::services::surveys::{self, SurveyAnswer, SurveyForm};

/// Where the page stands.
#[derive(Clone, PartialEq)]
enum Stage {
    Loading,
    Open(SurveyForm),
    Thanked,
    /// The link cannot be answered (unknown, used, expired) or the server is away.
    Closed(String),
}

/// The three questions: what is sent, and what the customer reads.
const QUESTIONS: [(&str, T); 3] = [
    ("resolution", T::SurveyResolution),
    ("speed", T::SurveySpeed),
    ("attitude", T::SurveyAttitude),
];

/// The page's one property: the token from the link.
#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    pub token: AttrValue,
}

/// What a refusal means to the customer.
fn explain(failure: &Failure) -> String {
    match failure {
        Failure::Refused { status: 404, .. } => Lang::both(T::SurveyInvalid),
        Failure::Refused {
            status: 410,
            detail,
            ..
        } => format!("{} {detail}.", Lang::both(T::SurveyClosed)),
        Failure::Refused { detail, .. } => format!("{} {detail}", Lang::both(T::SurveyFailed)),
        Failure::Network(error) => format!("{} {error}", Lang::both(T::SurveyUnreachable)),
    }
}

#[component]
pub fn SurveyPage(props: &SurveyProps) -> Html {
    let stage = use_state(|| Stage::Loading);
    let scores = use_state(|| [None::<u8>; 3]);
    let comment = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let sending = use_state(|| false);

    {
        let stage = stage.clone();
        let token = props.token.clone();
        use_effect_with(token, move |token| {
            let token = token.clone();
            spawn_local(async move {
                stage.set(match surveys::open(&token).await {
                    Ok(form) => Stage::Open(form),
                    Err(failure) => Stage::Closed(explain(&failure)),
                });
            });
        });
    }

    let onsubmit = {
        let (stage, scores, comment) = (stage.clone(), scores.clone(), comment.clone());
        let (problem, sending, token) = (problem.clone(), sending.clone(), props.token.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let [Some(resolution), Some(speed), Some(attitude)] =
                scores.map(|score| score.and_then(|value| Satisfaction::new(value).ok()))
            else {
                problem.set(Some(Lang::both(T::SurveyRateAll)));
                return;
            };
            let answer = SurveyAnswer {
                resolution,
                speed,
                attitude,
                comment: (*comment).clone(),
            };
            let (stage, problem, sending, token) = (
                stage.clone(),
                problem.clone(),
                sending.clone(),
                token.clone(),
            );
            sending.set(true);
            problem.set(None);
            spawn_local(async move {
                match surveys::answer(&token, &answer).await {
                    Ok(()) => stage.set(Stage::Thanked),
                    // Used or expired meanwhile: nothing more to answer here.
                    Err(
                        failure @ Failure::Refused {
                            status: 404 | 410, ..
                        },
                    ) => {
                        stage.set(Stage::Closed(explain(&failure)));
                    }
                    Err(failure) => problem.set(Some(explain(&failure))),
                }
                sending.set(false);
            });
        })
    };

    let body = match &*stage {
        Stage::Loading => html! { <p>{ Lang::both(T::Loading) }</p> },
        Stage::Thanked => html! {
            <p id="survey-thanks">{ Lang::both(T::SurveyThanks) }</p>
        },
        Stage::Closed(why) => html! { <p id="survey-closed" class="error">{ why.clone() }</p> },
        Stage::Open(form) => {
            let questions = QUESTIONS.iter().enumerate().map(|(index, (name, label))| {
                let choices = (1..=5u8).map(|score| {
                    let checked = scores[index] == Some(score);
                    let scores = scores.clone();
                    let onchange = Callback::from(move |_: Event| {
                        let mut chosen = *scores;
                        chosen[index] = Some(score);
                        scores.set(chosen);
                    });
                    html! {
                        <label class="score">
                            <input type="radio" name={*name} value={score.to_string()}
                                {checked} {onchange} />
                            { score.to_string() }
                        </label>
                    }
                });
                html! {
                    <fieldset>
                        <legend>{ Lang::both(*label) }</legend>
                        { for choices }
                    </fieldset>
                }
            });
            let oninput = {
                let comment = comment.clone();
                Callback::from(move |event: InputEvent| {
                    comment.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
                })
            };
            html! {
                <form id="survey" {onsubmit}>
                    <p>
                        { Lang::both(T::SurveyRequest) }{ " " }<strong id="survey-number">{ form.number.clone() }</strong>
                        { "：" }{ form.title.clone() }
                    </p>
                    <p class="hint">{ Lang::both(T::SurveyScale) }</p>
                    { for questions }
                    <label for="survey-comment">{ Lang::both(T::SurveyComment) }</label>
                    <textarea id="survey-comment" name="comment" maxlength="2000"
                        value={(*comment).clone()} {oninput} />
                    if let Some(problem) = &*problem {
                        <p class="error">{ problem.clone() }</p>
                    }
                    <button type="submit" disabled={*sending}>{ Lang::both(T::Submit) }</button>
                </form>
            }
        }
    };

    html! {
        <Frame title={Lang::both(T::SurveyTitle)} subtitle={T::AppName.get(Lang::Zh)} class="survey">
            { body }
        </Frame>
    }
}
