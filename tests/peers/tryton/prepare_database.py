#!/usr/bin/python3
"""Builds a Tryton 6.0 SQLite database ready for the tryton connector's flows.

Run by tryton_peer.sh only when its cached template is missing (the result is copied for
every run). It activates `sale`, then does the business setup the flows need, following
docs/../tests/peers/tryton/README.md:

* currencies USD (company currency, rate 1) and INR (rate 83; the sample orders are in INR),
* countries US and IN with subdivisions US-NY and IN-MH,
* company "Test ERP Company" (admin belongs to it), minimal chart of accounts with default
  receivable/payable, an "Immediate" payment term, an account category for products,
* products by SKU (variant suffix_code): the samples' TSHIRT-BLU-M and MUG-CER-350, the
  protocol notes' SKU-001, SKU-002, SVC-001, a shipping service SHIP and an unsalable RAW-001.

Usage: prepare_database.py --dir DIR --database NAME   (writes DIR/NAME.sqlite)
"""
import argparse
import datetime
import os
import sys
import warnings
from decimal import Decimal

# trytond.report calls warnings.resetwarnings(), so neither PYTHONWARNINGS nor filters set
# here would last (PROTOCOL.md gotcha 11): keep the filters by making the reset a no-op. Muted:
# passlib's `crypt` DeprecationWarning, and the SQLite backend's "Unable to ..." warning about
# every constraint and index it cannot create.
warnings.filterwarnings('ignore', category=DeprecationWarning)
warnings.filterwarnings('ignore', message='Unable to ', category=UserWarning)
warnings.resetwarnings = lambda: None
import passlib.hash  # noqa: E402,F401

ADMIN_LOGIN = 'admin'
# trytond's rules: >= 8 characters, not the login, >= 75 % distinct characters.
ADMIN_PASSWORD = 'erpbridge-Tryton-1'

PRODUCTS = [
    # sku, name, list price, type, salable
    ('TSHIRT-BLU-M', 'Cotton T-shirt, blue, M', '499.00', 'goods', True),
    ('MUG-CER-350', 'Ceramic mug 350 ml', '299.00', 'goods', True),
    ('SKU-001', 'Widget', '10.00', 'goods', True),
    ('SKU-002', 'Gadget', '25.50', 'goods', True),
    ('SVC-001', 'Installation', '99.00', 'service', True),
    ('SHIP', 'Shipping', '0.00', 'service', True),
    ('RAW-001', 'Raw material (not for sale)', '1.00', 'goods', False),
]


def write_config(directory):
    path = os.path.join(directory, 'trytond.conf')
    with open(path, 'w') as conf:
        conf.write('[database]\nuri = sqlite://\npath = %s\n' % directory)
    return path


def create_database(config_file, database, directory):
    # trytond-admin will not create the SQLite file itself.
    open(os.path.join(directory, database + '.sqlite'), 'wb').close()
    passfile = os.path.join(directory, 'admin-password')
    with open(passfile, 'w') as f:
        f.write(ADMIN_PASSWORD)
    os.environ['TRYTONPASSFILE'] = passfile
    import trytond.commandline as commandline
    from trytond.config import config
    options = commandline.get_parser_admin().parse_args([
        '-c', config_file, '-d', database, '--all', '-u', 'sale',
        '--activate-dependencies', '--email', 'admin@example.com'])
    config.update_etc(options.configfile)
    import trytond.admin as admin
    admin.run(options)
    os.unlink(passfile)


def create_chart(company):
    """The minimal English chart, with default receivable and payable accounts (as
    trytond.modules.account.tests.tools does; that module cannot be imported outside tests)."""
    from proteus import Model, Wizard
    Account = Model.get('account.account')
    Template = Model.get('account.account.template')
    ModelData = Model.get('ir.model.data')
    data, = ModelData.find([('module', '=', 'account'),
                            ('fs_id', '=', 'account_template_root_en')], limit=1)
    wizard = Wizard('account.create_chart')
    wizard.execute('account')
    wizard.form.account_template = Template(data.db_id)
    wizard.form.company = company
    wizard.execute('create_account')
    accounts = {}
    for kind in ('receivable', 'payable', 'revenue', 'expense'):
        accounts[kind], = Account.find([('type.%s' % kind, '=', True),
                                        ('company', '=', company.id)], limit=1)
    wizard.form.account_receivable = accounts['receivable']
    wizard.form.account_payable = accounts['payable']
    wizard.execute('create_properties')
    return accounts


def business_setup(config_file, database):
    from proteus import Model, Wizard, config as pconfig
    cfg = pconfig.set_trytond(database=database, user=ADMIN_LOGIN, config_file=config_file)

    Currency = Model.get('currency.currency')
    rate_date = datetime.date(2000, 1, 1)
    usd = Currency(name='U.S. Dollar', symbol='$', code='USD', rounding=Decimal('0.01'))
    usd.rates.new(date=rate_date, rate=Decimal('1.0'))
    usd.save()
    inr = Currency(name='Indian Rupee', symbol='₹', code='INR', rounding=Decimal('0.01'))
    inr.rates.new(date=rate_date, rate=Decimal('83.0'))
    inr.save()

    Country = Model.get('country.country')
    us = Country(name='United States', code='US', code3='USA')
    us.subdivisions.new(name='New York', code='US-NY', type='state')
    us.save()
    india = Country(name='India', code='IN', code3='IND')
    india.subdivisions.new(name='Maharashtra', code='IN-MH', type='state')
    india.save()

    Party = Model.get('party.party')
    company_party = Party(name='Test ERP Company')
    company_party.addresses[0].city = 'New York'
    company_party.addresses[0].country = us
    company_party.save()
    company_config = Wizard('company.company.config')
    company_config.execute('company')
    company_config.form.party = company_party
    company_config.form.currency = usd
    company_config.execute('add')
    User = Model.get('res.user')
    cfg._context = User.get_preferences(True, {})
    Company = Model.get('company.company')
    company, = Company.find()

    accounts = create_chart(company)

    PaymentTerm = Model.get('account.invoice.payment_term')
    term = PaymentTerm(name='Immediate')
    term.lines.new(type='remainder')
    term.save()

    Category = Model.get('product.category')
    category = Category(name='Saleable goods', accounting=True,
                        account_revenue=accounts['revenue'],
                        account_expense=accounts['expense'])
    category.save()

    Uom = Model.get('product.uom')
    unit, = Uom.find([('name', '=', 'Unit')])
    Template = Model.get('product.template')
    for sku, name, price, kind, salable in PRODUCTS:
        template = Template(name=name, type=kind, default_uom=unit, salable=salable,
                            list_price=Decimal(price), account_category=category)
        template.save()
        product, = template.products
        product.suffix_code = sku
        product.save()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dir', required=True)
    parser.add_argument('--database', required=True)
    args = parser.parse_args()
    directory = os.path.abspath(args.dir)
    config_file = write_config(directory)
    create_database(config_file, args.database, directory)
    business_setup(config_file, args.database)
    os.unlink(config_file)


if __name__ == '__main__':
    sys.exit(main())
