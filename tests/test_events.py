"""Money events: one test per trigger family, role pattern, status rule, coreference and merge rule.

Entities are listed by hand (surface, label, value) so the tests do not depend on the NER model or
on the money and date recognisers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.coref import party_names
from pipeline.events import CSV_COLUMNS, events_table, find_events, main, money_fields
from pipeline.model import Article, Entity, to_record, write_jsonl
from pipeline.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("type", "actor", "target", "amount", "amount_min", "amount_max", "currency", "duration", "status", "date")


def money(amount=None, *, low=None, high=None, currency="EUR", approximate=False, magnitude=None):
    return {"amount": amount, "min": low, "max": high, "currency": currency, "approximate": approximate, "magnitude": magnitude}


def spans(text: str, article_id: str, *specs) -> list[Entity]:
    """Entities from (surface, label[, value[, occurrence]]) specs; every occurrence unless one is given."""
    found = []
    for spec in specs:
        surface, label = spec[0], spec[1]
        value = spec[2] if len(spec) > 2 else None
        only = spec[3] if len(spec) > 3 else None
        starts, at = [], text.find(surface)
        while at >= 0:
            starts.append(at)
            at = text.find(surface, at + 1)
        assert starts, surface
        for n, start in enumerate(starts):
            if only is None or n == only:
                found.append(Entity(article_id, start, start + len(surface), surface, label, value))
    return found


def run(text: str, *specs, article_id: str = "t") -> list[dict]:
    article = Article(id=article_id, source="test", text=text, format="text")
    return [{k: to_record(e)[k] for k in FIELDS} for e in find_events(article, spans(text, article_id, *specs))]


def row(type_, actor, target, *, amount=None, low=None, high=None, currency=None, duration=None, status="unknown", date=None):
    return {"type": type_, "actor": actor, "target": target, "amount": amount, "amount_min": low, "amount_max": high,
            "currency": currency, "duration": duration, "status": status, "date": date}


# --- acquisition triggers and role patterns ---------------------------------------------------


def test_verb_second_present_tense_with_case_marked_object():
    text = "Siemens übernimmt den Softwarehersteller Altair für 10 Milliarden Dollar."
    got = run(text, ("Siemens", "ORG"), ("Altair", "ORG"), ("10 Milliarden Dollar", "MONEY", money(1e10, currency="USD")))
    assert got == [row("acquisition", "Siemens", "Altair", amount=1e10, currency="USD")]


def test_perfect_tense_is_completed_and_takes_the_sentence_date():
    text = "Im März 2024 hat Siemens das Start-up Brightly gekauft."
    got = run(text, ("März 2024", "DATE", {"value": "2024-03"}), ("Siemens", "ORG"), ("Brightly", "ORG"))
    assert got == [row("acquisition", "Siemens", "Brightly", status="completed", date="2024-03")]


def test_passive_voice_turns_subject_into_target_and_von_into_actor():
    text = "Brightly wurde im vergangenen Jahr von Siemens übernommen."
    assert run(text, ("Brightly", "ORG"), ("Siemens", "ORG")) == [row("acquisition", "Siemens", "Brightly", status="completed")]


def test_verb_final_subordinate_clause_with_intent_is_planned():
    text = "Das Handelsblatt berichtet, dass Siemens den Rivalen Brightly übernehmen will."
    got = run(text, ("Handelsblatt", "ORG"), ("Siemens", "ORG"), ("Brightly", "ORG"))
    assert got == [row("acquisition", "Siemens", "Brightly", status="planned")]


def test_soll_uebernehmen_is_planned():
    text = "Vektra soll die Firma Klarwerk übernehmen."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="planned")]


def test_noun_with_von_and_durch_and_completion_cue():
    text = "Die Übernahme von Brightly durch Siemens ist abgeschlossen."
    assert run(text, ("Brightly", "ORG"), ("Siemens", "ORG")) == [row("acquisition", "Siemens", "Brightly", status="completed")]


def test_compound_noun_takes_its_modifier_as_target():
    text = "Siemens zahlt für die Brightly-Übernahme 1,6 Milliarden Euro."
    got = run(text, ("Brightly", "ORG"), ("Siemens", "ORG"), ("1,6 Milliarden Euro", "MONEY", money(1.6e9)))
    assert got == [row("acquisition", "Siemens", "Brightly", amount=1.6e9, currency="EUR")]


def test_deal_noun_after_gegen_does_not_take_the_clause_subject():
    text = "Das Kartellamt hat sich gegen die Übernahme von Klarwerk ausgesprochen."
    assert run(text, ("Kartellamt", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", None, "Klarwerk")]


def test_names_after_a_deal_noun_belong_to_the_main_verb():
    text = "Mit der Übernahme von Klarwerk erweitert Vektra sein Angebot."
    assert run(text, ("Klarwerk", "ORG"), ("Vektra", "ORG")) == [row("acquisition", None, "Klarwerk")]


def test_selling_a_person_is_a_transfer_not_a_deal():
    text = "Nordwind verkaufte den Stürmer Jonas Keller an Vektra."
    assert run(text, ("Nordwind", "ORG"), ("Jonas Keller", "PER"), ("Vektra", "ORG")) == []


def test_coordinated_buyers_share_the_subject_role():
    text = "Vektra und Nordwind kauften den Kartendienst Klarwerk."
    got = run(text, ("Vektra", "ORG"), ("Nordwind", "ORG"), ("Klarwerk", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="completed")]


def test_stative_passive_with_sein():
    text = "Die Firma Klarwerk war im März übernommen worden."
    assert run(text, ("Klarwerk", "ORG")) == [row("acquisition", None, "Klarwerk", status="completed")]


def test_headline_name_before_a_colon_is_the_target_of_the_deal_noun():
    text = "Klarwerk: Übernahme durch Vektra perfekt"
    got = run(text, ("Klarwerk", "ORG"), ("Vektra", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="completed")]


def test_hashtag_names_numbers_and_adjectives_in_the_noun_phrase():
    text = "Übernahme von 14 regionalen #Klarwerk durch den Branchenriesen Vektra"
    got = run(text, ("Klarwerk", "ORG"), ("Vektra", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk")]


def test_merger_parties_joined_by_und():
    text = "Die Konzerne Vektra und Nordwind verhandeln über einen Zusammenschluss."
    assert run(text, ("Vektra", "ORG"), ("Nordwind", "ORG")) == [row("other", "Vektra", "Nordwind", status="planned")]


def test_product_name_is_not_a_merger():
    assert run("Der Ford Fusion fährt elektrisch.", ("Ford", "ORG")) == []


def test_possessive_names_the_buyer_of_a_noun_trigger():
    text = "Vektras Kauf von Klarwerk sorgte für Aufsehen."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk")]


def test_erwerben_past_tense():
    text = "Vektra erwarb 2021 den Zulieferer Klarwerk."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="completed")]


def test_selling_makes_the_an_party_the_buyer():
    text = "Nordwind verkauft seine Tochter Klarwerk an Vektra."
    got = run(text, ("Nordwind", "ORG"), ("Klarwerk", "ORG"), ("Vektra", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk")]


def test_infinitive_clause_takes_the_main_clause_subject_as_actor():
    text = "Im Juli hat Vektra 300 Millionen Euro ausgegeben, um das Start-up Klarwerk zu übernehmen."
    got = run(text, ("Juli", "DATE", {"value": "2025-07"}), ("Vektra", "ORG"), ("Klarwerk", "ORG"),
              ("300 Millionen Euro", "MONEY", money(3e8)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=3e8, currency="EUR", status="completed", date="2025-07")]


def test_takeover_talks_are_planned():
    text = "Vektra führt Übernahmegespräche mit Klarwerk."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="planned")]


def test_relative_clause_subject_is_the_antecedent():
    text = "Vektra, der 2019 bereits Nordwind übernommen hatte, wächst weiter."
    got = run(text, ("Vektra", "ORG"), ("Nordwind", "ORG"))
    assert got == [row("acquisition", "Vektra", "Nordwind", status="completed", date=None)]


def test_coordinated_verb_shares_the_subject_of_its_clause():
    text = "Vektra legt 3,8 Milliarden Euro auf den Tisch und übernimmt das Studio Klarwerk."
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("3,8 Milliarden Euro", "MONEY", money(3.8e9)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=3.8e9, currency="EUR")]


def test_a_sale_am_is_no_buyer():
    text = "Vektra wird seine Beteiligung am Zulieferer Klarwerk nicht verkaufen."
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"))
    assert got == [row("investment", "Vektra", "Klarwerk", status="rejected")]


def test_merger_is_other():
    text = "Nordwind will mit Vektra fusionieren."
    assert run(text, ("Nordwind", "ORG"), ("Vektra", "ORG")) == [row("other", "Nordwind", "Vektra", status="planned")]


# --- offers -----------------------------------------------------------------------------------


def test_split_separable_verb_with_dative_pronoun_before_the_subject():
    text = "Jonas Keller leitet das Labor. Ihm bot Vektra ein Gehalt von 5 Millionen Euro an."
    got = run(text, ("Jonas Keller", "PER"), ("Vektra", "ORG"), ("5 Millionen Euro", "MONEY", money(5e6)))
    assert got == [row("offer", "Vektra", "Jonas Keller", amount=5e6, currency="EUR", status="offered")]


def test_offer_range_from_two_amounts_and_duration_rejected_in_next_sentence():
    text = ("Lena Ost bot ein Paket im Wert von rund 200 Millionen Euro an, möglicherweise bis zu 300 Millionen Euro "
            "über vier Jahre. Keller lehnte ab. Jonas Keller arbeitet bei Nordwind.")
    got = run(text, ("Lena Ost", "PER"), ("Jonas Keller", "PER"), ("Nordwind", "ORG"),
              ("rund 200 Millionen Euro", "MONEY", money(2e8, approximate=True)),
              ("bis zu 300 Millionen Euro", "MONEY", money(None, high=3e8)),
              ("über vier Jahre", "DURATION", {"value": "P4Y"}))
    assert got == [row("offer", "Lena Ost", "Jonas Keller", low=2e8, high=3e8, currency="EUR", duration="P4Y", status="rejected")]


def test_a_bid_for_a_company_is_an_offered_acquisition():
    text = "Der Finanzinvestor Nordwind bietet 4,2 Milliarden Euro für den Netzbetreiber Klarwerk."
    got = run(text, ("Nordwind", "ORG"), ("Klarwerk", "ORG"), ("4,2 Milliarden Euro", "MONEY", money(4.2e9)))
    assert got == [row("acquisition", "Nordwind", "Klarwerk", amount=4.2e9, currency="EUR", status="offered")]


def test_paying_for_a_company_is_an_acquisition():
    text = "Vektra zahlte 2 Milliarden Euro für Klarwerk."
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("2 Milliarden Euro", "MONEY", money(2e9)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=2e9, currency="EUR", status="completed")]


def test_bare_offer_noun_needs_money_or_a_response():
    text = "Das Angebot von Vektra umfasst dreihundert Filme."
    assert run(text, ("Vektra", "ORG")) == []


def test_takeover_bid_is_an_offered_acquisition():
    text = "Vektra legte ein Übernahmeangebot für Klarwerk vor."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="offered")]


def test_offer_to_buy_in_an_infinitive_clause_rejected_in_the_same_sentence():
    text = "Auch Vektra bot an, Klarwerk zu kaufen, was jedoch abgelehnt wurde."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="rejected")]


def test_vague_amount_still_makes_an_event():
    text = "Vektra lockte Jonas Keller mit einem Millionengehalt."
    vague = money(None, low=1e6, high=1e9, currency=None, approximate=True, magnitude=1e6)
    got = run(text, ("Vektra", "ORG"), ("Jonas Keller", "PER"), ("Millionengehalt", "MONEY", vague))
    assert got == [row("offer", "Vektra", "Jonas Keller", low=1e6, high=1e9, status="offered")]


# --- status rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "status"),
    [
        ("Keller lehnte ab.", "rejected"),
        ("Keller wies das zurück.", "rejected"),
        ("Keller weigerte sich.", "rejected"),
        ("Keller hat zugestimmt.", "accepted"),
        ("Keller nahm an.", "accepted"),
        ("Keller nahm nicht an.", "rejected"),
        ("Keller stimmte zu.", "accepted"),
        ("Keller lehnte nicht ab.", "offered"),
        ("Keller schweigt.", "offered"),
    ],
)
def test_status_from_the_next_sentence(reply, status):
    text = f"Vektra bot Jonas Keller 5 Millionen Euro an. {reply}"
    got = run(text, ("Vektra", "ORG"), ("Jonas Keller", "PER"), ("5 Millionen Euro", "MONEY", money(5e6)))
    assert got == [row("offer", "Vektra", "Jonas Keller", amount=5e6, currency="EUR", status=status)]


def test_negated_trigger_is_rejected():
    text = "Vektra will Klarwerk nicht übernehmen."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="rejected")]


def test_negated_completion_is_still_planned():
    text = "Die Übernahme von Klarwerk durch Vektra ist noch nicht abgeschlossen."
    got = run(text, ("Klarwerk", "ORG"), ("Vektra", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="planned")]


def test_failed_deal_is_rejected():
    text = "Die Übernahme von Klarwerk durch Vektra ist gescheitert."
    got = run(text, ("Klarwerk", "ORG"), ("Vektra", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="rejected")]


def test_status_window_ends_at_the_next_deal_sentence():
    text = "Vektra bot Jonas Keller 5 Millionen Euro an. Nordwind kaufte Klarwerk. Keller lehnte ab."
    got = run(text, ("Vektra", "ORG"), ("Jonas Keller", "PER"), ("Nordwind", "ORG"), ("Klarwerk", "ORG"),
              ("5 Millionen Euro", "MONEY", money(5e6)))
    assert got == [
        row("offer", "Vektra", "Jonas Keller", amount=5e6, currency="EUR", status="offered"),
        row("acquisition", "Nordwind", "Klarwerk", status="completed"),
    ]


def test_definite_offer_noun_in_the_reply_joins_the_earlier_offer():
    text = "Vektra bot 5 Millionen Euro an. Jonas Keller nahm das Angebot an."
    got = run(text, ("Vektra", "ORG"), ("Jonas Keller", "PER"), ("5 Millionen Euro", "MONEY", money(5e6)))
    assert got == [row("offer", "Vektra", "Jonas Keller", amount=5e6, currency="EUR", status="accepted")]


# --- investments and valuations ---------------------------------------------------------------


def test_funding_round_raised_by_the_subject_from_a_von_investor():
    text = "Das Start-up Klarwerk hat von Nordwind Capital in einer Finanzierungsrunde 40 Millionen Euro eingesammelt."
    got = run(text, ("Klarwerk", "ORG"), ("Nordwind Capital", "ORG"), ("40 Millionen Euro", "MONEY", money(4e7)))
    assert got == [row("investment", "Nordwind Capital", "Klarwerk", amount=4e7, currency="EUR", status="completed")]


def test_investieren_in():
    text = "Nordwind Capital investiert 20 Millionen Euro in Klarwerk."
    got = run(text, ("Nordwind Capital", "ORG"), ("Klarwerk", "ORG"), ("20 Millionen Euro", "MONEY", money(2e7)))
    assert got == [row("investment", "Nordwind Capital", "Klarwerk", amount=2e7, currency="EUR")]


def test_beteiligung_an_needs_the_an_phrase():
    assert run("Vektra erwirbt eine Beteiligung an Klarwerk.", ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [
        row("investment", "Vektra", "Klarwerk")
    ]
    assert run("Vektra erwirbt eine Beteiligung.", ("Vektra", "ORG")) == []


def test_received_investment_with_pronoun_resolved_through_das_unternehmen():
    text = ("Klarwerk beschäftigt 40 Leute. Obwohl das Unternehmen noch kein Produkt hat, hat es Investitionen "
            "in Höhe von 2 Milliarden Dollar erhalten.")
    got = run(text, ("Klarwerk", "ORG"), ("2 Milliarden Dollar", "MONEY", money(2e9, currency="USD")))
    assert got == [row("investment", None, "Klarwerk", amount=2e9, currency="USD", status="completed")]


def test_investors_put_money_into_a_startup():
    text = "Investoren um Nordwind stecken 100 Millionen Euro in das Start-up Klarwerk."
    got = run(text, ("Nordwind", "ORG"), ("Klarwerk", "ORG"), ("100 Millionen Euro", "MONEY", money(1e8)))
    assert got == [row("investment", "Nordwind", "Klarwerk", amount=1e8, currency="EUR")]


def test_stake_increase_and_entry():
    assert run("Vektra hat ihren Anteil an Klarwerk erhöht.", ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [
        row("investment", "Vektra", "Klarwerk")
    ]
    assert run("Vektra steigt bei Klarwerk ein.", ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [
        row("investment", "Vektra", "Klarwerk")
    ]


def test_parting_with_a_unit_is_a_sale():
    text = "Nordwind trennt sich von seiner Tochter Klarwerk."
    assert run(text, ("Nordwind", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", None, "Klarwerk")]


def test_valuation_with_bewertet():
    text = "Klarwerk wird dabei mit 500 Millionen Euro bewertet."
    got = run(text, ("Klarwerk", "ORG"), ("500 Millionen Euro", "MONEY", money(5e8)))
    assert got == [row("valuation", None, "Klarwerk", amount=5e8, currency="EUR")]


def test_valuation_with_wert():
    text = "Klarwerk ist inzwischen rund 5 Milliarden Euro wert."
    got = run(text, ("Klarwerk", "ORG"), ("rund 5 Milliarden Euro", "MONEY", money(5e9, approximate=True)))
    assert got == [row("valuation", None, "Klarwerk", amount=5e9, currency="EUR")]


def test_valuation_from_an_amount_fused_into_a_company_noun():
    text = "Klarwerk, ein von Lena Ost gegründetes 2-Milliarden-Euro-Startup, ist ein ähnlicher Fall."
    got = run(text, ("Klarwerk", "ORG"), ("Lena Ost", "PER"), ("2-Milliarden-Euro", "MONEY", money(2e9)))
    assert got == [row("valuation", None, "Klarwerk", amount=2e9, currency="EUR")]


def test_options_worth_an_amount_take_the_company_of_the_headline():
    text = "Vergeben Sie Optionsrechte im Wert von einer Million Euro. Klarwerk setzt auf Talente."
    got = run(text, ("Klarwerk", "ORG"), ("einer Million Euro", "MONEY", money(1e6)))
    assert got == [row("other", "Klarwerk", None, amount=1e6, currency="EUR")]


# --- coreference and one event per deal -------------------------------------------------------


def test_description_followed_by_an_unrecognised_name_is_not_resolved():
    text = "Vektra und Nordwind wachsen. Im Juli hat Vektra das Startup Windkraftwerk übernommen."
    assert run(text, ("Vektra", "ORG"), ("Nordwind", "ORG")) == []


def test_ceo_description_and_person_company_link_merge_one_deal():
    text = ("Vektra-Chefin Lena Ost bot Jonas Keller 300 Millionen Euro an. Keller lehnte ab. "
            "Später lehnte Keller auch das Angebot von Vektra ab.")
    got = run(text, ("Vektra", "ORG"), ("Lena Ost", "PER"), ("Jonas Keller", "PER"),
              ("300 Millionen Euro", "MONEY", money(3e8)))
    assert got == [row("offer", "Lena Ost", "Jonas Keller", amount=3e8, currency="EUR", status="rejected")]


def test_der_ceo_von_resolves_to_the_person_in_focus():
    text = "Lena Ost traf Jonas Keller. Danach bot der CEO von Vektra ihm 3 Millionen Euro an."
    got = run(text, ("Lena Ost", "PER"), ("Jonas Keller", "PER"), ("Vektra", "ORG"), ("3 Millionen Euro", "MONEY", money(3e6)))
    assert got == [row("offer", "Lena Ost", "Jonas Keller", amount=3e6, currency="EUR", status="offered")]


def test_headline_vague_offer_merges_into_the_precise_one():
    text = "Milliardenangebot von Lena Ost\n\nLena Ost bot Jonas Keller 1,2 Milliarden Euro an."
    vague = money(None, low=1e9, high=1e12, currency=None, approximate=True, magnitude=1e9)
    got = run(text, ("Lena Ost", "PER"), ("Jonas Keller", "PER"), ("Milliardenangebot", "MONEY", vague),
              ("1,2 Milliarden Euro", "MONEY", money(1.2e9)))
    assert got == [row("offer", "Lena Ost", "Jonas Keller", amount=1.2e9, currency="EUR", status="offered")]


def test_price_sentence_and_completion_sentence_add_to_the_deal_before():
    text = ("Vektra übernimmt den Zulieferer Klarwerk. Der Kaufpreis liegt bei 450 Millionen Euro. "
            "Die Übernahme ist inzwischen abgeschlossen.")
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("450 Millionen Euro", "MONEY", money(4.5e8)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=4.5e8, currency="EUR", status="completed")]


def test_price_sentence_without_a_deal_before_makes_no_event():
    text = "Der Kaufpreis liegt bei 450 Millionen Euro."
    assert run(text, ("450 Millionen Euro", "MONEY", money(4.5e8))) == []


def test_price_per_share_and_revenue_are_not_the_deal_value():
    text = ("Vektra bietet 52 Euro je Aktie für Klarwerk, das mit einem Umsatz von 3 Milliarden Euro "
            "zu den größten Zulieferern zählt.")
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("52 Euro", "MONEY", money(52.0)),
              ("3 Milliarden Euro", "MONEY", money(3e9)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="offered")]


def test_different_targets_stay_separate_events():
    text = "Vektra kaufte Klarwerk. Vektra kaufte auch Nordwind."
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("Nordwind", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="completed"),
                   row("acquisition", "Vektra", "Nordwind", status="completed")]


# --- no deal, no event ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Vektra übernimmt die Verantwortung für den Fehler.",
        "In Zukunft kann Software viele Aufgaben übernehmen.",
        "Der Umsatz von Vektra stieg auf 5 Millionen Euro.",
        "Es ist selten, Angebote im Wert von 5 Millionen Euro abzulehnen.",
        "Die Mitarbeiter von Vektra erhalten eine Aktienbeteiligung.",
        "Vektra bietet gute Gehälter.",
        "Die Fonds halten Anteile an Vektra und Klarwerk.",
        "Viele Kunden kaufen bei Vektra ein.",
    ],
)
def test_sentences_without_a_deal_make_no_event(text):
    specs = [("Vektra", "ORG")] if "Vektra" in text else []
    if "5 Millionen Euro" in text:
        specs.append(("5 Millionen Euro", "MONEY", money(5e6)))
    assert run(text, *specs) == []


# --- names from a trained NER model, questions and conditions ----------------------------------


def test_model_spans_that_do_not_look_like_names_are_no_parties():
    text = ("Kim lud Trump ein. Kims Gesundheitszustand ist gut. Demonstrationen in Berlin. Die Kaiser-Wilhelm-Gesellschaft "
            "und die Deutsche Vermögensberatung. Werk 13 Nord. Signa Development von heute. Die Signa Holding zahlt. "
            "Der Anbieter Rostwerk Media. Der Berater Ostwerk Media.")
    entities = spans(text, "t", ("Kim lud Trump", "PER"), ("Kim", "PER", {"id": "Kim"}, 0), ("Kims Gesundheitszustand", "PER"),
                     ("Demonstrationen", "ORG"), ("Kaiser-Wilhelm-Gesellschaft", "ORG"), ("Deutsche Vermögensberatung", "ORG"),
                     ("Werk 13 Nord", "ORG"), ("Signa Development von", "PER"), ("Signa Holding", "PER"),
                     ("Rostwerk Media", "PER"), ("Ostwerk Media", "PER"))
    names = party_names(split_sentences(text), entities)
    assert [(e.text, e.label) for e in names] == [
        ("Kim", "PER"), ("Kaiser-Wilhelm-Gesellschaft", "ORG"), ("Deutsche Vermögensberatung", "ORG"),
        ("Signa Holding", "ORG"), ("Rostwerk Media", "ORG"), ("Ostwerk Media", "PER"),
    ]


def test_a_noun_before_the_article_heads_another_phrase():
    got = run("Vektra übernimmt in Berlin die Firma Klarwerk.", ("Vektra", "ORG"), ("Klarwerk", "ORG"))
    assert got == [row("acquisition", "Vektra", "Klarwerk")]


def test_deal_nouns_in_the_genitive_and_in_the_old_spelling():
    both = (("Vektra", "ORG"), ("Klarwerk", "ORG"))
    got = run("Die Kartellbehörde prüft die Details des Erwerbs von Klarwerk durch Vektra.", *both)
    assert got == [row("acquisition", "Vektra", "Klarwerk", status="planned")]
    assert run("Vektra und Klarwerk planen einen Zusammenschluß.", *both) == [row("other", "Vektra", "Klarwerk", status="planned")]


def test_a_deal_whose_only_party_the_model_tagged_once_and_left_untagged_after_an_article_is_dropped():
    text = "Die Stadt plant die Übernahme von Kraftwerk. Das Kraftwerk ist alt."
    assert run(text, ("Kraftwerk", "ORG", None, 0)) == []
    assert run(text, ("Kraftwerk", "ORG")) == [row("acquisition", None, "Kraftwerk", status="planned")]
    assert run(text, ("Kraftwerk", "ORG", {"id": "Kraftwerk"}, 0)) == [row("acquisition", None, "Kraftwerk", status="planned")]


def test_a_name_after_bis_is_no_object():
    assert run("Vektra soll den Streckenabschnitt bis Nordhafen übernehmen.", ("Vektra", "ORG"), ("Nordhafen", "ORG")) == []


def test_a_finite_subordinate_clause_does_not_take_the_main_clause_subject():
    text = "Vektra meldet, dass der Fonds 5 Mio. Euro in Klarwerk investiert."
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("5 Mio. Euro", "MONEY", money(5e6)))
    assert got == [row("investment", None, "Klarwerk", amount=5e6, currency="EUR")]


def test_being_a_shareholder_is_a_holding_but_taking_a_stake_is_a_deal():
    both = (("Vektra", "ORG"), ("Klarwerk", "ORG"))
    assert run("Vektra ist seit Jahren an Klarwerk beteiligt.", *both) == []
    assert run("Vektra hat sich an Klarwerk beteiligt.", *both) == [row("investment", "Vektra", "Klarwerk", status="completed")]


def test_a_person_addressed_at_the_start_of_a_sentence_is_no_party():
    text = "Herr Ostmann, das Land zahlt 5 Mio. Euro an Klarwerk."
    got = run(text, ("Ostmann", "PER"), ("Klarwerk", "ORG"), ("5 Mio. Euro", "MONEY", money(5e6)))
    assert got == [row("other", None, "Klarwerk", amount=5e6, currency="EUR")]


def test_an_article_before_a_person_s_other_form_does_not_make_the_person_a_company():
    text = "Jan Ostmann lobt Klarwerk. Die Ostmanns dieser Welt kaufen alles."
    entities = spans(text, "t", ("Jan Ostmann", "PER"), ("Ostmanns", "PER", {"id": "Jan Ostmann"}))
    assert [(e.text, e.label) for e in party_names(split_sentences(text), entities)] == [("Jan Ostmann", "PER"), ("Ostmanns", "PER")]


def test_es_in_handelt_es_sich_stands_for_nothing():
    text = "Vektra meldet Zahlen. Dabei handelt es sich um die Übernahme von Klarwerk."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", None, "Klarwerk")]


def test_a_common_noun_tagged_as_a_company_is_not_bought():
    assert run("Vektra kauft Demonstrationen.", ("Vektra", "ORG"), ("Demonstrationen", "ORG")) == []


@pytest.mark.parametrize("text", [
    "Vektra bietet Firmenkunden Beratung im Bereich Logistik an.",
    "Die Vektra empfiehlt Anlegern, kontinuierlich zu investieren.",
])
def test_a_party_acting_alone_without_target_or_amount_is_no_deal(text):
    assert run(text, ("Vektra", "ORG")) == []


def test_a_merger_word_makes_a_deal_even_when_the_partner_is_not_named():
    assert run("Vektra will mit einem Konkurrenten aus Finnland fusionieren.", ("Vektra", "ORG")) == [
        row("other", "Vektra", None, status="planned")
    ]
    assert run("Vektra will einen Konkurrenten aus Finnland übernehmen.", ("Vektra", "ORG")) == []


def test_a_yes_no_question_states_no_deal_but_a_w_question_takes_it_as_given():
    both = (("Vektra", "ORG"), ("Klarwerk", "ORG"))
    assert run("Übernimmt Vektra den Hersteller Klarwerk?", *both) == []
    assert run("Warum hat Vektra den Hersteller Klarwerk gekauft?", *both) == [row("acquisition", "Vektra", "Klarwerk", status="completed")]


def test_a_question_adds_its_price_but_not_its_negation_to_the_deal_before():
    text = "Vektra will Klarwerk übernehmen. Ist der Kaufpreis von 5 Mio. Euro nicht zu hoch?"
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("5 Mio. Euro", "MONEY", money(5e6)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=5e6, currency="EUR", status="planned")]


def test_a_name_after_a_noun_and_genitive_article_is_that_noun_s_attribute():
    assert run("Ostmann war an der Gründung der Nordwind beteiligt.", ("Ostmann", "PER"), ("Nordwind", "ORG")) == []


def test_a_genitive_span_of_a_known_name_is_a_possessive():
    text = "Vektras Angebot für Klarwerk über 5 Mio. Euro wurde abgelehnt."
    got = run(text, ("Vektras", "ORG", {"id": "Vektra"}), ("Klarwerk", "ORG"), ("5 Mio. Euro", "MONEY", money(5e6)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=5e6, currency="EUR", status="rejected")]


def test_a_possessive_name_before_a_company_name_only_determines_it():
    text = "Klarwerk hat Insolvenz beantragt, nachdem eine Finanzierungszusage von Ostmanns Nordwind Holding zurückgezogen wurde."
    got = run(text, ("Klarwerk", "ORG"), ("Ostmanns", "PER", {"id": "Jan Ostmann"}), ("Nordwind Holding", "ORG"))
    assert got == [row("investment", "Nordwind Holding", "Klarwerk", status="rejected")]


def test_a_person_s_genitive_at_the_start_of_a_model_span_is_its_owner_not_its_name():
    text = ("Jan Ostmann gründete Nordwind. Klarwerk hat Insolvenz beantragt, nachdem eine Finanzierungszusage von "
            "Ostmanns Nordwind Holding zurückgezogen wurde.")
    got = run(text, ("Jan Ostmann", "PER"), ("Klarwerk", "ORG"), ("Ostmanns Nordwind Holding", "PER"))
    assert got == [row("investment", "Nordwind Holding", "Klarwerk", status="rejected")]


def test_a_person_span_after_a_company_noun_is_a_company_that_can_be_bought():
    got = run("Vektra übernimmt den Dienstleister Rostwerk Media.", ("Vektra", "ORG"), ("Rostwerk Media", "PER"))
    assert got == [row("acquisition", "Vektra", "Rostwerk Media")]


def test_a_short_mention_covers_its_full_name_written_before_it():
    text = "Vektra plant die Übernahme der Rostwerk Broadcast."
    got = run(text, ("Vektra", "ORG"), ("Broadcast", "PER", {"id": "Rostwerk Broadcast"}))
    assert got == [row("acquisition", "Vektra", "Rostwerk Broadcast", status="planned")]


def test_a_company_name_without_its_legal_form_is_a_mention_of_it():
    text = "Die Klarwerk AG meldet Zahlen. Vektra hat sich an dem Unternehmen Klarwerk beteiligt."
    got = run(text, ("Klarwerk AG", "ORG"), ("Vektra", "ORG"))
    assert got == [row("investment", "Vektra", "Klarwerk AG", status="completed")]


def test_a_price_refers_back_to_the_latest_mention_of_the_deal():
    text = ("Vektra will Klarwerk übernehmen. Das meldet die Presse. Vektra äußert sich nicht. "
            "Für den Erwerb von Klarwerk braucht Vektra Kredite. Ein Satz. Ein Satz. Der Kaufpreis liegt bei 5 Mio. Euro.")
    got = run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG"), ("5 Mio. Euro", "MONEY", money(5e6)))
    assert got == [row("acquisition", "Vektra", "Klarwerk", amount=5e6, currency="EUR", status="planned")]


def test_an_approval_in_a_conditional_clause_is_no_outcome():
    text = "Vektra will Klarwerk übernehmen. Sobald die Kartellbehörde zugestimmt hat, beginnt die Integration."
    assert run(text, ("Vektra", "ORG"), ("Klarwerk", "ORG")) == [row("acquisition", "Vektra", "Klarwerk", status="planned")]


# --- the seed article ---------------------------------------------------------------------------

SEED_NAMES = [
    ("Mark Zuckerberg", "PER"), ("Mira Murati", "PER"), ("Andrew Tulloch", "PER"), ("Andy Stone", "PER"),
    ("Ilya Sutskever", "PER"), ("Dario Amodei", "PER"), ("Thinking Machines Lab", "ORG"), ("OpenAI", "ORG"),
    ("Meta", "ORG"), ("SSI", "ORG"), ("Anthropic", "ORG"), ("Safe Superintelligence", "ORG"),
]


def seed_entities(text: str, article_id: str) -> list[Entity]:
    found = spans(text, article_id, *SEED_NAMES,
                  ("rund einer Milliarde Dollar", "MONEY", money(1e9, currency="USD", approximate=True)),
                  ("bis zu 1,5 Milliarden Dollar", "MONEY", money(None, high=1.5e9, currency="USD")),
                  ("über sechs Jahre", "DURATION", {"value": "P6Y"}),
                  ("2 Milliarden Dollar", "MONEY", money(2e9, currency="USD")),
                  ("170-Milliarden-Dollar", "MONEY", money(1.7e11, currency="USD")),
                  ("Milliardenangebot", "MONEY", money(None, low=1e9, high=1e12, currency=None, magnitude=1e9)),
                  ("Hunderten von Millionen Dollar", "MONEY", money(None, low=1e8, high=1e9, currency="USD", magnitude=1e8)))
    taken = [(e.start, e.end) for e in found]
    at = text.find("Thinking Machines")
    while at >= 0:
        if not any(s <= at < e for s, e in taken):
            found.append(Entity(article_id, at, at + 17, "Thinking Machines", "ORG"))
        at = text.find("Thinking Machines", at + 1)
    return [e for e in found if not (e.text == "Meta" and text[e.end : e.end + 1] == "s")]


def test_seed_article_events():
    path = ROOT / "corpus" / "004_db171f4863068d5a.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines)
    article = Article(id=path.stem, source=path.name, text=text, format="txt")
    got = [{k: to_record(e)[k] for k in FIELDS} for e in find_events(article, seed_entities(text, path.stem))]
    assert got == [
        row("acquisition", "Mark Zuckerberg", "Thinking Machines Lab", status="rejected"),
        row("offer", "Mark Zuckerberg", "Andrew Tulloch", low=1e9, high=1.5e9, currency="USD", duration="P6Y", status="rejected"),
        row("investment", None, "Thinking Machines Lab", amount=2e9, currency="USD", status="completed"),
        row("acquisition", "Mark Zuckerberg", "SSI", status="rejected"),
        row("valuation", None, "Anthropic", amount=1.7e11, currency="USD"),
    ]


def test_seed_article_with_headline_offer_and_acquisition_date():
    path = ROOT / "corpus" / "000_88c4cff9ad4f1665.txt"
    text = path.read_text(encoding="utf-8")
    article = Article(id=path.stem, source=path.name, text=text, format="txt")
    names = [("MiniMax", "ORG"), ("Google", "ORG"), ("Windsurf", "ORG"), ("Meta", "ORG"), ("OpenAI", "ORG"),
             ("Mark Zuckerberg", "PER"), ("Microsoft", "ORG"), ("DeepSeek", "ORG")]
    entities = spans(text, path.stem, *names,
                     ("einer Million US-Dollar", "MONEY", money(1e6, currency="USD")),
                     ("2,4 Milliarden US-Dollar", "MONEY", money(2.4e9, currency="USD")),
                     ("Juli dieses Jahres", "DATE", {"value": "2025-07"}))
    entities = [e for e in entities if not (e.text == "Google" and text[e.end : e.end + 9] == " DeepMind")]
    got = [{k: to_record(e)[k] for k in FIELDS} for e in find_events(article, entities)]
    assert got == [
        row("other", "MiniMax", None, amount=1e6, currency="USD"),
        row("acquisition", "Google", "Windsurf", amount=2.4e9, currency="USD", status="completed", date="2025-07"),
    ]


def test_sentences_split_at_lines_keep_abbreviations_and_never_cut_an_entity():
    text = "Vektra zahlt ca. 5 Mio. Euro\nDer Deal ist am 3. Juli fertig. Danach kommt Dr. Ost."
    got = [(s.paragraph, s.start, s.end, s.text) for s in split_sentences(text)]
    assert got == [
        (0, 0, 28, "Vektra zahlt ca. 5 Mio. Euro"),
        (1, 29, 60, "Der Deal ist am 3. Juli fertig."),
        (1, 61, 82, "Danach kommt Dr. Ost."),
    ]
    joined = split_sentences("Es kommt Ost. Vektra bot.", keep_together=[(9, 20)])
    assert [s.text for s in joined] == ["Es kommt Ost. Vektra bot."]


# --- rows, ids, stage -------------------------------------------------------------------------


def test_event_row_id_evidence_and_stability():
    text = "Vorspann.\nVektra kaufte Klarwerk."
    article = Article(id="a1", source="test", text=text, format="text")
    entities = spans(text, "a1", ("Vektra", "ORG"), ("Klarwerk", "ORG"))
    [event] = find_events(article, entities)
    assert to_record(event) == {
        "id": hashlib.sha1(b"a1|10|acquisition").hexdigest()[:16],
        "article_id": "a1", "type": "acquisition", "actor": "Vektra", "target": "Klarwerk",
        "amount": None, "amount_min": None, "amount_max": None, "currency": None, "duration": None,
        "status": "completed", "date": None,
        "evidence": {"text": "Vektra kaufte Klarwerk.", "start": 10, "end": 33},
    }
    assert find_events(article, list(reversed(entities))) == [event]


def test_money_fields_of_one_and_of_several_mentions():
    one = spans("5 Mio. Euro", "m", ("5 Mio. Euro", "MONEY", money(5e6)))
    assert money_fields(one) == {"amount": 5e6, "amount_min": None, "amount_max": None, "currency": "EUR"}
    two = spans("rund 1 Mrd. $ bis zu 2 Mrd. $", "m", ("rund 1 Mrd. $", "MONEY", money(1e9, currency="USD")),
                ("bis zu 2 Mrd. $", "MONEY", money(None, high=2e9, currency="USD")))
    assert money_fields(two) == {"amount": None, "amount_min": 1e9, "amount_max": 2e9, "currency": "USD"}


def test_stage_writes_sorted_jsonl_and_the_same_rows_as_csv(tmp_path):
    texts = {"b": "Vektra kaufte Klarwerk.", "a": "Nordwind kaufte Klarwerk. Vektra investiert 5 Mio. Euro in Nordwind."}
    articles = [Article(id=k, source=k, text=v, format="text") for k, v in texts.items()]
    entities = [
        *spans(texts["b"], "b", ("Vektra", "ORG"), ("Klarwerk", "ORG")),
        *spans(texts["a"], "a", ("Nordwind", "ORG"), ("Klarwerk", "ORG"), ("Vektra", "ORG"),
               ("5 Mio. Euro", "MONEY", money(5e6))),
    ]
    write_jsonl(tmp_path / "articles.jsonl", articles)
    write_jsonl(tmp_path / "entities.jsonl", entities)
    out, csv = tmp_path / "events.jsonl", tmp_path / "events.csv"
    assert main(["--articles", str(tmp_path / "articles.jsonl"), "--entities", str(tmp_path / "entities.jsonl"),
                 "--events", str(out), "--csv", str(csv)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["article_id"], r["type"], r["actor"], r["target"]) for r in rows] == [
        ("a", "acquisition", "Nordwind", "Klarwerk"),
        ("a", "investment", "Vektra", "Nordwind"),
        ("b", "acquisition", "Vektra", "Klarwerk"),
    ]
    header, *lines = csv.read_text(encoding="utf-8").splitlines()
    assert header == ",".join(CSV_COLUMNS)
    assert [line.split(",")[0] for line in lines] == [r["id"] for r in rows]
    assert list(events_table([]).columns) == list(CSV_COLUMNS)
