select deal_id, company_id
from {{ source('hubspot', 'deal_company') }}
