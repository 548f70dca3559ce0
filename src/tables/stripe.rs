//! Stripe's tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// Stripe as Fivetran lands it: customers, the catalog, subscriptions, invoices and the money that moved.
    pub struct Stripe;

    /// Stripe customers: one per account (`metadata` carries the app account id).
    customer: StripeCustomers, StripeCustomerRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        created: Ts,
        email: OptStr,
        name: Str,
        description: OptStr,
        currency: Str,
        /// Cents; negative is credit the customer holds.
        balance: I64,
        delinquent: Bool,
        invoice_prefix: Str,
        address_line1: OptStr,
        address_city: OptStr,
        address_state: OptStr,
        address_postal_code: OptStr,
        address_country: OptStr,
        /// none / exempt / reverse
        tax_exempt: Str,
        metadata: Str,
        livemode: Bool,
        is_deleted: Bool,
        _fivetran_synced: Ts,
    }

    product: StripeProducts, StripeProductRow, area = "raw", source = "stripe", key = [id], global = true, parts = false, {
        id: Str,
        name: Str,
        description: OptStr,
        active: Bool,
        /// service / good
        r#type: Str,
        unit_label: OptStr,
        metadata: Str,
        created: Ts,
        updated: Ts,
        is_deleted: Bool,
        _fivetran_synced: Ts,
    }

    price: StripePrices, StripePriceRow, area = "raw", source = "stripe", key = [id], global = true, parts = false, {
        id: Str,
        product_id: Str,
        active: Bool,
        currency: Str,
        unit_amount: I64,
        /// recurring / one_time
        r#type: Str,
        billing_scheme: Str,
        recurring_interval: OptStr,
        recurring_interval_count: OptI64,
        recurring_usage_type: OptStr,
        nickname: OptStr,
        lookup_key: OptStr,
        created: Ts,
        is_deleted: Bool,
        _fivetran_synced: Ts,
    }

    /// One row per change of a subscription's state; `_fivetran_active` marks the current one.
    subscription_history: StripeSubscriptionHistory, StripeSubscriptionHistoryRow, area = "raw", source = "stripe", key = [id, _fivetran_start], global = false, parts = false, {
        id: Str,
        customer_id: Str,
        /// incomplete / incomplete_expired / trialing / active / past_due / canceled / unpaid
        status: Str,
        created: Ts,
        start_date: Ts,
        billing_cycle_anchor: Ts,
        current_period_start: Ts,
        current_period_end: Ts,
        trial_start: OptTs,
        trial_end: OptTs,
        cancel_at: OptTs,
        cancel_at_period_end: Bool,
        canceled_at: OptTs,
        ended_at: OptTs,
        collection_method: Str,
        days_until_due: OptI64,
        latest_invoice_id: OptStr,
        metadata: Str,
        _fivetran_active: Bool,
        _fivetran_start: Ts,
        _fivetran_end: Ts,
        _fivetran_synced: Ts,
    }

    subscription_item: StripeSubscriptionItems, StripeSubscriptionItemRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        subscription_id: Str,
        price_id: Str,
        quantity: I64,
        created: Ts,
        current_period_start: Ts,
        current_period_end: Ts,
        metadata: Str,
        _fivetran_synced: Ts,
    }

    invoice: StripeInvoices, StripeInvoiceRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        customer_id: Str,
        subscription_id: Str,
        charge_id: OptStr,
        payment_intent_id: OptStr,
        number: Str,
        /// draft / open / paid / uncollectible / void
        status: Str,
        /// subscription_create / subscription_cycle / subscription_update / manual
        billing_reason: Str,
        created: Ts,
        due_date: OptTs,
        period_start: Ts,
        period_end: Ts,
        subtotal: I64,
        tax: I64,
        /// Sum of the discounts applied (Stripe's `total_discount_amounts`, summed).
        total_discount_amount: I64,
        total: I64,
        /// Customer balance before and after this invoice (negative = credit).
        starting_balance: I64,
        ending_balance: I64,
        amount_due: I64,
        amount_paid: I64,
        amount_remaining: I64,
        attempt_count: I64,
        paid: Bool,
        currency: Str,
        status_transitions_paid_at: OptTs,
        status_transitions_voided_at: OptTs,
        status_transitions_marked_uncollectible_at: OptTs,
        _fivetran_synced: Ts,
    }

    invoice_line_item: StripeInvoiceLineItems, StripeInvoiceLineItemRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        invoice_id: Str,
        subscription_id: Str,
        subscription_item_id: Str,
        price_id: Str,
        /// subscription / invoiceitem
        r#type: Str,
        amount: I64,
        currency: Str,
        quantity: I64,
        period_start: Ts,
        period_end: Ts,
        proration: Bool,
        description: Str,
        /// The line's share of the invoice's tax, in cents (0 when none applies).
        tax_amount: I64,
        tax_rate_id: OptStr,
        _fivetran_synced: Ts,
    }

    charge: StripeCharges, StripeChargeRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        customer_id: Str,
        invoice_id: Str,
        payment_intent_id: Str,
        balance_transaction_id: OptStr,
        amount: I64,
        amount_refunded: I64,
        currency: Str,
        /// succeeded / pending / failed
        status: Str,
        paid: Bool,
        captured: Bool,
        refunded: Bool,
        failure_code: OptStr,
        failure_message: OptStr,
        outcome_type: Str,
        created: Ts,
        _fivetran_synced: Ts,
    }

    payment_intent: StripePaymentIntents, StripePaymentIntentRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        customer_id: Str,
        invoice_id: Str,
        amount: I64,
        amount_received: I64,
        currency: Str,
        /// succeeded / requires_payment_method / canceled
        status: Str,
        last_payment_error_code: OptStr,
        created: Ts,
        _fivetran_synced: Ts,
    }

    refund: StripeRefunds, StripeRefundRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        charge_id: Str,
        payment_intent_id: Str,
        balance_transaction_id: Str,
        amount: I64,
        currency: Str,
        /// duplicate / fraudulent / requested_by_customer
        reason: Str,
        status: Str,
        created: Ts,
        _fivetran_synced: Ts,
    }

    balance_transaction: StripeBalanceTransactions, StripeBalanceTransactionRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        /// The ch_ or re_ id that moved the money.
        source: Str,
        /// charge / refund / refund_failure (a failed refund given back) / adjustment
        r#type: Str,
        reporting_category: Str,
        /// In the settlement currency (US cents).
        amount: I64,
        fee: I64,
        net: I64,
        currency: Str,
        /// Settlement dollars per unit of the charge's currency; NULL when it was dollars.
        exchange_rate: OptF64,
        status: Str,
        available_on: Ts,
        created: Ts,
        _fivetran_synced: Ts,
    }

    /// The tax rates invoices apply: VAT / GST abroad, sales tax by US state (see `world::taxes`).
    tax_rate: StripeTaxRates, StripeTaxRateRow, area = "raw", source = "stripe", key = [id], global = true, parts = false, {
        id: Str,
        display_name: Str,
        description: Str,
        jurisdiction: Str,
        country: Str,
        state: OptStr,
        percentage: F64,
        inclusive: Bool,
        active: Bool,
        created: Ts,
        _fivetran_synced: Ts,
    }

    coupon: StripeCoupons, StripeCouponRow, area = "raw", source = "stripe", key = [id], global = true, parts = false, {
        id: Str,
        name: Str,
        /// once / repeating / forever
        duration: Str,
        duration_in_months: OptI64,
        percent_off: OptF64,
        amount_off: OptI64,
        currency: OptStr,
        times_redeemed: I64,
        valid: Bool,
        created: Ts,
        _fivetran_synced: Ts,
    }

    discount: StripeDiscounts, StripeDiscountRow, area = "raw", source = "stripe", key = [id], global = false, parts = false, {
        id: Str,
        coupon_id: Str,
        customer_id: Str,
        subscription_id: Str,
        start: Ts,
        end: OptTs,
        _fivetran_synced: Ts,
    }

}
